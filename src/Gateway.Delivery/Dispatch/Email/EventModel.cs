using System.Text.Json;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>An event's JSON as plain dictionaries, lists and scalars: what a Liquid template reads (<c>{{ order.customer.name }}</c>).</summary>
internal static class EventModel
{
    private const int MaxDepth = 64;

    public static object? From(JsonElement element, int depth = 0) => element.ValueKind switch
    {
        _ when depth > MaxDepth => null,
        JsonValueKind.Object => element.EnumerateObject().DistinctBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(p => p.Name, p => From(p.Value, depth + 1), StringComparer.Ordinal),
        JsonValueKind.Array => element.EnumerateArray().Select(e => From(e, depth + 1)).ToList(),
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Number => element.TryGetDecimal(out var d) ? d : element.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
