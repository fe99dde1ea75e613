using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Filters;

namespace Gateway.Tests.Filters;

/// <summary>Sample order events and one-line ways to compile and run filters against them.</summary>
internal static class FilterFixtures
{
    /// <summary>An <c>order.completed</c> event: status Shipped, no <c>order.total</c>, items worth 2 × 19.99 + 10 = 49.98.</summary>
    public const string OrderJson = """
        {
          "subject": "order",
          "type": "completed",
          "objectId": "ord_1",
          "eventDate": "2025-03-01T10:00:00Z",
          "order": {
            "id": "ord_1",
            "status": "Shipped",
            "currency": "EUR",
            "creationDate": "2025-03-01T09:00:00Z",
            "consentFlags": { "newsletterOptin": true },
            "customer": { "customerAccount": "shop", "id": "cus_1", "name": "Ada", "email": "ada@example.com", "orderCount": 3 },
            "items": [
              { "offerId": "OFF-1", "productCode": "SKU-RED", "quantity": 2, "price": 19.99 },
              { "offerId": "OFF-2", "productCode": "SKU-BLUE", "price": 10 }
            ]
          }
        }
        """;

    public static JsonElement Order(Action<JsonObject>? change = null)
    {
        var node = JsonNode.Parse(OrderJson)!.AsObject();
        change?.Invoke(node);
        return Parse(node.ToJsonString());
    }

    public static JsonObject OrderOf(JsonObject root) => root["order"]!.AsObject();

    public static JsonObject CustomerOf(JsonObject root) => OrderOf(root)["customer"]!.AsObject();

    public static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement;

    public static EventFilter Compile(string filter)
    {
        var result = EventFilter.Compile(Parse(filter));
        Assert.True(result.Success, string.Join("; ", result.Errors));
        Assert.Empty(result.Errors);
        return result.Filter!;
    }

    public static IReadOnlyList<FilterError> Errors(string filter)
    {
        var result = EventFilter.Compile(Parse(filter));
        Assert.False(result.Success);
        Assert.Null(result.Filter);
        return result.Errors;
    }

    public static bool Matches(string filter, JsonElement eventRoot) => Compile(filter).Matches(eventRoot);

    public static bool Matches(string filter) => Matches(filter, Order());
}
