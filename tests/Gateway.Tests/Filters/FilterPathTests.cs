using System.Text.Json.Nodes;
using static Gateway.Tests.Filters.FilterFixtures;

namespace Gateway.Tests.Filters;

public sealed class FilterPathTests
{
    [Theory]
    [InlineData("""{"order.items.productCode": "SKU-BLUE"}""", true)]
    [InlineData("""{"order.items.productCode": "SKU-GREEN"}""", false)]
    [InlineData("""{"order.items.price": {"gt": 15}}""", true)]
    [InlineData("""{"order.items.price": {"gt": 20}}""", false)]
    [InlineData("""{"order.items.productCode": {"in": ["SKU-GREEN", "SKU-RED"]}}""", true)]
    public void ArrayOnPath_AnyElementSatisfying_Matches(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("""{"order.items.productCode": {"ne": "SKU-BLUE"}}""", false)]
    [InlineData("""{"order.items.productCode": {"ne": "SKU-GREEN"}}""", true)]
    [InlineData("""{"order.items.productCode": {"nin": ["SKU-GREEN", "SKU-RED"]}}""", false)]
    [InlineData("""{"order.items.productCode": {"nin": ["SKU-GREEN", "SKU-PINK"]}}""", true)]
    public void ArrayOnPath_NegatedOperators_MatchWhenNoElementEquals(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void ArrayOnPath_ItemsWithoutTheField_AreSkipped()
    {
        var evt = Order(root => OrderOf(root)["items"] = JsonNode.Parse("""[{"offerId": "A"}, {"productCode": "B"}]"""));

        Assert.True(Matches("""{"order.items.productCode": "B"}""", evt));
        Assert.True(Matches("""{"order.items.productCode": {"ne": "C"}}""", evt));
    }

    [Fact]
    public void ArrayOfScalarsAtEnd_EachElementIsAValue()
    {
        var evt = Order(root => OrderOf(root)["tags"] = JsonNode.Parse("""["vip", "gift", ["nested"]]"""));

        Assert.True(Matches("""{"order.tags": "gift"}""", evt));
        Assert.True(Matches("""{"order.tags": "nested"}""", evt));
        Assert.False(Matches("""{"order.tags": {"nin": ["gift"]}}""", evt));
    }

    [Fact]
    public void MissingPath_PositiveOperatorsFail_NegatedOperatorsPass()
    {
        Assert.False(Matches("""{"order.nothing.here": "x"}"""));
        Assert.False(Matches("""{"order.status.deeper": "x"}"""));
        Assert.True(Matches("""{"order.nothing.here": {"ne": "x"}}"""));
    }

    [Fact]
    public void PropertyNamesAreCaseSensitive() => Assert.False(Matches("""{"Order.Status": "Shipped"}"""));

    [Theory]
    [InlineData("""{"$eventType": "order.completed"}""", true)]
    [InlineData("""{"$eventType": {"in": ["order.created", "order.completed"]}}""", true)]
    [InlineData("""{"$eventType": {"regex": "^order\\."}}""", true)]
    [InlineData("""{"$eventType": {"like": "order.*"}}""", true)]
    [InlineData("""{"$eventType": {"ne": "order.completed"}}""", false)]
    public void EventType_IsSubjectDotType(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void EventType_WithoutType_IsAbsent()
    {
        var evt = Order(root => root.Remove("type"));

        Assert.False(Matches("""{"$eventType": {"exists": true}}""", evt));
    }

    [Fact]
    public void OrderTotal_WithoutTotalField_SumsPriceTimesQuantityDefaultingToOne()
    {
        Assert.True(Matches("""{"$orderTotal": 49.98}"""));
    }

    [Fact]
    public void OrderTotal_WithNumericTotal_UsesIt()
    {
        var evt = Order(root => OrderOf(root)["total"] = 120.5);

        Assert.True(Matches("""{"$orderTotal": 120.5}""", evt));
    }

    [Fact]
    public void OrderTotal_NonNumericTotal_FallsBackToItems()
    {
        var evt = Order(root => OrderOf(root)["total"] = "120.50");

        Assert.True(Matches("""{"$orderTotal": 49.98}""", evt));
    }

    [Fact]
    public void OrderTotal_ItemsWithoutNumericPrice_CountZero()
    {
        var evt = Order(root => OrderOf(root)["items"] = JsonNode.Parse(
            """[{"price": "12", "quantity": 3}, {"quantity": 4}, {"price": 5, "quantity": "two"}, {"price": 0.1, "quantity": 3}, 7]"""));

        Assert.True(Matches("""{"$orderTotal": 5.3}""", evt));
    }

    [Fact]
    public void OrderTotal_EmptyItems_IsZero_NoItemsIsAbsent()
    {
        var empty = Order(root => OrderOf(root)["items"] = new JsonArray());
        var none = Order(root => OrderOf(root).Remove("items"));

        Assert.True(Matches("""{"$orderTotal": 0}""", empty));
        Assert.False(Matches("""{"$orderTotal": {"exists": true}}""", none));
        Assert.False(Matches("""{"$orderTotal": {"lt": 1000}}""", none));
    }

    [Theory]
    [InlineData("""{"$itemCodes": "SKU-RED"}""", true)]
    [InlineData("""{"$itemCodes": "OFF-2"}""", true)]
    [InlineData("""{"$itemCodes": "NOPE"}""", false)]
    [InlineData("""{"$itemCodes": {"nin": ["SKU-RED"]}}""", false)]
    public void ItemCodes_AnyCodeFieldOfAnyItem(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void ItemCodes_ReadSkuAndCodeToo()
    {
        var evt = Order(root => OrderOf(root)["items"] = JsonNode.Parse("""[{"sku": "S-1"}, {"code": "C-1"}]"""));

        Assert.True(Matches("""{"$itemCodes": "S-1"}""", evt));
        Assert.True(Matches("""{"$itemCodes": "C-1"}""", evt));
    }

    [Fact]
    public void CustomerEmail_IsOrderCustomerEmail()
    {
        Assert.True(Matches("""{"$customerEmail": "ada@example.com"}"""));
        Assert.False(Matches("""{"$customerEmail": {"exists": true}}""", Order(root => CustomerOf(root).Remove("email"))));
    }
}
