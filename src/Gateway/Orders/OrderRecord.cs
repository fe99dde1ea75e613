using System.Text.Json;

namespace Gateway.Orders;

/// <summary>An order as <c>GET /v1/orders/{orderId}</c> shows it: its current status, version and full history.</summary>
public sealed record OrderRecord(
    string OrderId,
    string Status,
    long Version,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    JsonElement? Customer,
    JsonElement? Items,
    IReadOnlyList<JsonElement> History);
