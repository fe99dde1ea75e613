using System.Text.Json;

namespace Gateway.Filters;

/// <summary>
/// <c>$orderTotal</c>: <c>order.total</c> when it is a number; otherwise the sum over <c>order.items</c> of
/// <c>price × quantity</c>, quantity 1 when it is not a number, items without a numeric price counting 0.
/// </summary>
internal static class OrderTotal
{
    private static ReadOnlySpan<byte> Order => "order"u8;
    private static ReadOnlySpan<byte> Total => "total"u8;
    private static ReadOnlySpan<byte> Items => "items"u8;
    private static ReadOnlySpan<byte> Price => "price"u8;
    private static ReadOnlySpan<byte> Quantity => "quantity"u8;

    public static bool TryCompute(JsonElement root, out decimal total)
    {
        total = 0;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty(Order, out var order)
            || order.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        if (order.TryGetProperty(Total, out var declared) && JsonValues.TryGetNumber(declared, out total))
        {
            return true;
        }

        if (!order.TryGetProperty(Items, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty(Price, out var priceElement)
                || !JsonValues.TryGetNumber(priceElement, out var price))
            {
                continue;
            }

            var quantity = item.TryGetProperty(Quantity, out var quantityElement) && JsonValues.TryGetNumber(quantityElement, out var q) ? q : 1m;
            total = JsonValues.SaturatingAdd(total, JsonValues.SaturatingMultiply(price, quantity));
        }

        return true;
    }
}
