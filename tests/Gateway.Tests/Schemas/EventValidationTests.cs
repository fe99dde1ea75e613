using System.Text.Json.Nodes;
using Gateway.Schemas;

namespace Gateway.Tests.Schemas;

public sealed class EventValidationTests
{
    private static IReadOnlyList<SchemaError> Validate(string eventType, JsonObject document) =>
        SchemaSamples.Schema(eventType).Validate(document.ToJsonString());

    [Fact]
    public void Validate_MissingCustomerId_PointsAtTheMissingProperty()
    {
        var document = SchemaSamples.Document("order.completed");
        document.Order()["customer"]!.AsObject().Remove("id");

        var error = Assert.Single(Validate("order.completed", document));

        Assert.Equal("/order/customer/id", error.Path);
        Assert.Contains("'id'", error.Message);
    }

    [Fact]
    public void Validate_MissingCurrency_PointsAtTheMissingProperty()
    {
        var document = SchemaSamples.Document("order.created");
        document.Order().Remove("currency");

        Assert.Equal("/order/currency", Assert.Single(Validate("order.created", document)).Path);
    }

    [Fact]
    public void Validate_WrongType_SaysWhatWasExpected()
    {
        var document = SchemaSamples.Document("order.created");
        document.Order()["id"] = 42;

        var error = Assert.Single(Validate("order.created", document));

        Assert.Equal("/order/id", error.Path);
        Assert.Equal("Expected a string, got an integer.", error.Message);
    }

    [Theory]
    [InlineData("2024-05-01")]
    [InlineData("01/05/2024 10:00")]
    [InlineData("2024-05-01T10:00:00")]
    [InlineData("2024-02-30T10:00:00Z")]
    [InlineData("yesterday")]
    public void Validate_BadDateTime_IsRejected(string value)
    {
        var document = SchemaSamples.Document("order.canceled");
        document["eventDate"] = value;
        document.Order()["cancellationDate"] = value;

        var paths = Validate("order.canceled", document).Select(e => e.Path);

        Assert.Equal(["/eventDate", "/order/cancellationDate"], paths.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("EURO")]
    [InlineData("€")]
    public void Validate_BadCurrency_IsRejected(string currency)
    {
        var document = SchemaSamples.Document("order.paymentFailed");
        document.Order()["currency"] = currency;

        var error = Assert.Single(Validate("order.paymentFailed", document));

        Assert.Equal("/order/currency", error.Path);
        Assert.Contains("^[A-Z]{3}$", error.Message);
    }

    [Fact]
    public void Validate_SeveralProblems_ListsEveryOne()
    {
        var document = SchemaSamples.Document("order.completed");
        var order = document.Order();
        document.Remove("objectId");
        order.Remove("currency");
        order["creationDate"] = "not a date";
        order["consentFlags"]!["newsletterOptin"] = "yes";
        order["customer"]!.AsObject().Remove("customerAccount");
        order["items"]![1]!["quantity"] = -1;
        order["items"]![0]!["price"] = "9.99";

        var paths = Validate("order.completed", document).Select(e => e.Path).Order(StringComparer.Ordinal);

        Assert.Equal(
            [
                "/objectId", "/order/consentFlags/newsletterOptin", "/order/creationDate", "/order/currency",
                "/order/customer/customerAccount", "/order/items/0/price", "/order/items/1/quantity",
            ],
            paths);
    }

    [Fact]
    public void Validate_SubjectOrTypeNotTheSchemasOwn_IsRejected()
    {
        var document = SchemaSamples.Document("order.created");
        document["subject"] = "invoice";
        document["type"] = "completed";

        var errors = Validate("order.created", document);

        Assert.Contains(new SchemaError("/subject", "Must be \"order\"."), errors);
        Assert.Contains(new SchemaError("/type", "Must be \"created\"."), errors);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Validate_UnknownFieldsWhereTheTableIsCutOff_AreAllowed()
    {
        var document = SchemaSamples.Document("order.renewCompleted");
        document["subscription"] = new JsonObject { ["id"] = "SUB-1" };
        document.Order()["billingPeriod"] = "monthly";
        document.Order()["items"]![0]!["unitOfMeasure"] = "license";
        document.Order()["items"]![0]!["discountPlan"] = new JsonObject { ["anything"] = new JsonArray(1, 2) };

        Assert.Empty(Validate("order.renewCompleted", document));
    }

    [Fact]
    public void Validate_UnknownFieldInTheCompleteConsentFlags_IsRejected()
    {
        var document = SchemaSamples.Document("order.created");
        document.Order()["consentFlags"]!["smsOptin"] = true;

        var error = Assert.Single(Validate("order.created", document));

        Assert.Equal("/order/consentFlags/smsOptin", error.Path);
    }

    [Fact]
    public void Validate_OptionalFieldsLeftOut_IsValid()
    {
        var document = SchemaSamples.Document("order.created");
        var order = document.Order();
        foreach (var name in new[] { "cartId", "externalContext", "decodedExternalContext", "total" })
        {
            order.Remove(name);
        }

        order["customer"] = new JsonObject { ["customerAccount"] = "realm", ["id"] = "C-1" };
        order["items"] = new JsonArray(new JsonObject());

        Assert.Empty(Validate("order.created", document));
    }

    [Fact]
    public void Validate_StatusChangedWithATenantWorkflowStatus_IsValid()
    {
        var document = SchemaSamples.Document("order.statusChanged");
        document.Order()["status"] = "Awaiting Shipment";
        document.Order().Remove("previousStatus");
        document.Order().Remove("message");

        Assert.Empty(Validate("order.statusChanged", document));
    }

    [Fact]
    public void Validate_StatusChangedItemWithoutPrice_PointsAtTheItem()
    {
        var document = SchemaSamples.Document("order.statusChanged");
        document.Order()["items"]![1]!.AsObject().Remove("price");
        document.Order()["customer"]!.AsObject().Remove("name");

        var paths = Validate("order.statusChanged", document).Select(e => e.Path).Order(StringComparer.Ordinal);

        Assert.Equal(["/order/customer/name", "/order/items/1/price"], paths);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("{} {}")]
    [InlineData("")]
    public void Validate_NotJson_IsOneErrorAtTheRoot(string body)
    {
        var error = Assert.Single(SchemaSamples.Schema("order.created").Validate(body));

        Assert.Equal("", error.Path);
        Assert.Contains("not valid JSON", error.Message);
    }

    [Fact]
    public void Validate_NotAnObject_SaysSo()
    {
        var errors = SchemaSamples.Schema("order.created").Validate("[1, 2]");

        Assert.Contains(new SchemaError("", "Expected an object, got an array."), errors);
    }
}
