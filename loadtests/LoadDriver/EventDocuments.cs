using System.Globalization;
using System.Text;

namespace LoadDriver;

/// <summary>Valid <c>order.completed</c> documents whose <c>eventDate</c> is the moment of sending.</summary>
internal static class EventDocuments
{
    /// <summary>Prefix of warm-up object ids, whose deliveries are counted apart from the measurement.</summary>
    public const string WarmupPrefix = "w-";

    public const string MeasuredPrefix = "m-";

    /// <summary>The object id of the event numbered <paramref name="sequence"/>: its own, or one of <paramref name="orders"/> in turn.</summary>
    public static string ObjectId(bool warmup, long sequence, int orders = 0) =>
        (warmup ? WarmupPrefix : MeasuredPrefix) + (orders > 0 ? sequence % orders : sequence).ToString(CultureInfo.InvariantCulture);

    /// <summary>Millisecond precision, UTC, as the brief's schema and the e2e latency need.</summary>
    public static string Timestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Json(string objectId, string eventDate) =>
        $$$"""{"subject":"order","type":"completed","objectId":"{{{objectId}}}","eventDate":"{{{eventDate}}}","order":{"id":"{{{objectId}}}","creationDate":"2026-01-01T00:00:00Z","currency":"EUR","consentFlags":{"newsletterOptin":false},"customer":{"customerAccount":"acme","id":"c-1"},"items":[{"productCode":"SKU-1","quantity":2,"price":9.5}]}}""";

    public static byte[] Single(string objectId, DateTimeOffset now) => Encoding.UTF8.GetBytes(Json(objectId, Timestamp(now)));

    /// <summary>A <c>/v1/events/batch</c> body of <paramref name="objectIds"/>, all stamped <paramref name="now"/>.</summary>
    public static byte[] Batch(IEnumerable<string> objectIds, DateTimeOffset now)
    {
        var date = Timestamp(now);
        var builder = new StringBuilder("{\"events\":[");
        var first = true;
        foreach (var id in objectIds)
        {
            if (!first)
            {
                builder.Append(',');
            }

            builder.Append(Json(id, date));
            first = false;
        }

        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }
}
