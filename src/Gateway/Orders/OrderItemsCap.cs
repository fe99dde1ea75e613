using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;

namespace Gateway.Orders;

/// <summary>"Limit products visible" (seed 002): an endpoint with <c>maxOrderItems</c> is sent <c>order.items</c> cut to that
/// many; the signature covers the bytes sent.</summary>
public sealed class OrderItemsCap : IPayloadShaper
{
    public ReadOnlyMemory<byte> Shape(WebhookEndpoint endpoint, ReadOnlyMemory<byte> storedBody) => Cap(storedBody, endpoint.MaxOrderItems);

    /// <summary><paramref name="storedBody"/> with <c>order.items</c> cut to <paramref name="maxOrderItems"/> (null: unchanged).</summary>
    public static ReadOnlyMemory<byte> Cap(ReadOnlyMemory<byte> storedBody, int? maxOrderItems)
    {
        if (maxOrderItems is not { } max)
        {
            return storedBody;
        }

        var root = JsonNode.Parse(storedBody.Span);
        if (root?["order"]?["items"] is JsonArray items && items.Count > max)
        {
            while (items.Count > max)
            {
                items.RemoveAt(items.Count - 1);
            }

            return JsonSerializer.SerializeToUtf8Bytes(root);
        }

        return storedBody;
    }
}
