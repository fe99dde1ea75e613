using System.Text;
using System.Text.Json;

namespace Gateway.Delivery.Dispatch.RabbitMq;

/// <summary>A routing key template: <c>{type}</c> is the event type, <c>{objectId}</c> the event's <c>objectId</c>.</summary>
public static class RoutingKey
{
    /// <summary>AMQP's limit on a routing key (a short string).</summary>
    public const int MaxBytes = 255;

    /// <summary>The key for one event; null when it would exceed <see cref="MaxBytes"/>.</summary>
    public static string? Expand(string template, string eventType, ReadOnlySpan<byte> body)
    {
        var key = template.Replace("{type}", eventType, StringComparison.Ordinal);
        if (key.Contains("{objectId}", StringComparison.Ordinal))
        {
            key = key.Replace("{objectId}", ObjectId(body), StringComparison.Ordinal);
        }

        return Encoding.UTF8.GetByteCount(key) <= MaxBytes ? key : null;
    }

    private static string ObjectId(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        try
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("objectId", out var id)
                ? id.ValueKind == JsonValueKind.String ? id.GetString()! : id.GetRawText()
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
