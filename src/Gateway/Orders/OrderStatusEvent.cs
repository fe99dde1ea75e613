using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Gateway.Orders;

/// <summary>The <c>order.statusChanged</c> document (<c>schemas/order.statusChanged.json</c>) for one applied status change.</summary>
public static class OrderStatusEvent
{
    public const string Subject = "order";
    public const string Type = "statusChanged";

    public static byte[] Build(string orderId, string status, string? previousStatus, string? message, string customerJson, string itemsJson, DateTimeOffset now)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("subject", Subject);
            json.WriteString("type", Type);
            json.WriteString("objectId", orderId);
            json.WriteString("eventDate", now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            json.WriteStartObject("order");
            json.WriteString("id", orderId);
            json.WriteString("status", status);
            if (previousStatus is not null)
            {
                json.WriteString("previousStatus", previousStatus);
            }

            if (message is not null)
            {
                json.WriteString("message", message);
            }

            // Kept as the tenant gave them, so fields the schema does not name (an e-mail for blocklist filters,
            // product codes for product filters) reach the endpoint filters and the subscribers.
            json.WritePropertyName("customer");
            json.WriteRawValue(customerJson, skipInputValidation: true);
            json.WritePropertyName("items");
            json.WriteRawValue(itemsJson, skipInputValidation: true);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
