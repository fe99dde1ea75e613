using System.Globalization;
using System.Text;

namespace LoadDriver;

/// <summary>Valid <c>order.completed</c> documents whose <c>eventDate</c> is the moment of sending.</summary>
internal static class EventDocuments
{
    /// <summary>Prefix of warm-up object ids, whose deliveries are counted apart from the measurement.</summary>
    public const string WarmupPrefix = "w-";

    public const string MeasuredPrefix = "m-";

    public static string ObjectId(bool warmup, long sequence) =>
        (warmup ? WarmupPrefix : MeasuredPrefix) + sequence.ToString(CultureInfo.InvariantCulture);

    /// <summary>Millisecond precision, UTC, as the brief's schema and the e2e latency need.</summary>
    public static string Timestamp(DateTimeOffset now) =>
        now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Json(string objectId, string eventDate) =>
        $$$"""{"subject":"order","type":"completed","objectId":"{{{objectId}}}","eventDate":"{{{eventDate}}}","order":{"id":"{{{objectId}}}","creationDate":"2026-01-01T00:00:00Z","currency":"EUR","consentFlags":{"newsletterOptin":false},"customer":{"customerAccount":"acme","id":"c-1"},"items":[{"productCode":"SKU-1","quantity":2,"price":9.5}]}}""";

    /// <summary>
    /// The seed's <c>order.completed</c> sample (tests/Gateway.Tests/Schemas/samples), indented as it is there: about
    /// 1.1 KB, the body the floor and ingestion-only runs compare on.
    /// </summary>
    public static string SeedJson(string objectId, string eventDate) =>
        $$$"""
        {
          "subject": "order",
          "type": "completed",
          "objectId": "{{{objectId}}}",
          "eventDate": "{{{eventDate}}}",
          "order": {
            "id": "{{{objectId}}}",
            "cartId": "cart-80",
            "creationDate": "2024-05-01T09:15:00Z",
            "currency": "EUR",
            "consentFlags": {
              "newsletterOptin": false
            },
            "customer": {
              "customerAccount": "acme-realm",
              "id": "CUST-503",
              "name": "Jane Doe",
              "serveur": "eu-1",
              "email": "jane@example.com"
            },
            "externalContext": "eyJjYW1wYWlnbiI6InNwcmluZyJ9",
            "decodedExternalContext": {
              "campaign": "spring"
            },
            "items": [
              {
                "offerId": "OFF-1",
                "productCode": "SKU-123",
                "offerName": "Cloud Storage 1TB",
                "quantity": 2,
                "price": 9.99,
                "total": 19.98,
                "activationCode": "ACT-XYZ"
              },
              {
                "offerId": "OFF-2",
                "productCode": "SKU-456",
                "name": "Backup add-on",
                "quantity": 1,
                "price": 4.5,
                "discountPlan": {
                  "code": "SPRING10",
                  "percent": 10
                }
              }
            ],
            "total": 24.48
          }
        }
        """;

    public static byte[] Single(string objectId, DateTimeOffset now) => Encoding.UTF8.GetBytes(Json(objectId, Timestamp(now)));

    public static byte[] Seed(string objectId, DateTimeOffset now) => Encoding.UTF8.GetBytes(SeedJson(objectId, Timestamp(now)));

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
