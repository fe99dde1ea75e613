using System.Globalization;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Endpoints;
using Gateway.Filters;

namespace FilterBench;

/// <summary>A tenant's endpoints with filters a merchant would set, and a sample event like the seed's webhook body.</summary>
internal static class Tenant
{
    public const string SampleEvent = """
        {
          "subject": "order", "type": "completed", "objectId": "ord_81723", "eventDate": "2026-03-01T10:00:00.000Z",
          "order": {
            "id": "ord_81723", "status": "Shipped", "currency": "EUR", "creationDate": "2026-03-01T09:12:44Z",
            "consentFlags": { "newsletterOptin": true },
            "customer": { "customerAccount": "shop-17", "id": "cus_5531", "name": "Ada Lovelace", "email": "ada@example.com", "orderCount": 3 },
            "shippingAddress": { "street": "1 Main St", "city": "Berlin", "postalCode": "10115", "country": "DE" },
            "items": [
              { "offerId": "OFF-104", "productCode": "SKU-104", "name": "Mug", "quantity": 2, "price": 12.5 },
              { "offerId": "OFF-233", "productCode": "SKU-233", "name": "Tea", "quantity": 1, "price": 7.99 },
              { "offerId": "OFF-377", "productCode": "SKU-377", "name": "Pot", "quantity": 1, "price": 34 },
              { "offerId": "OFF-412", "productCode": "SKU-412", "name": "Spoon", "quantity": 4, "price": 2.25 },
              { "offerId": "OFF-598", "productCode": "SKU-598", "name": "Tray", "quantity": 1, "price": 19.9 }
            ]
          }
        }
        """;

    private static readonly string[] Statuses = ["New", "Processing", "Shipped", "Partially Shipped", "Completed", "Canceled", "Hold", "Refunded"];

    private static readonly string[][] EventTypes = [["order.*"], ["*"], ["order.completed"], ["order.canceled", "order.completed"], ["order.created"]];

    public static EndpointSnapshot[] Build(int count, Random random)
    {
        var snapshots = new EndpointSnapshot[count];
        for (var i = 0; i < count; i++)
        {
            var endpoint = new WebhookEndpoint
            {
                Id = $"ep_{i:D6}",
                TenantId = "tnt_bench",
                Url = "https://example.com/hook",
                EventTypes = EventTypes[random.Next(EventTypes.Length)],
                Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                CreatedAt = DateTimeOffset.UnixEpoch,
                UpdatedAt = DateTimeOffset.UnixEpoch,
            };
            EventFilter? filter = null;
            if (random.NextDouble() >= 0.1)
            {
                var rules = random.Next(2) == 0 ? Rule(random) : $"{{\"and\": [{Rule(random)}, {Rule(random)}]}}";
                var compiled = EventFilter.Compile(JsonDocument.Parse(rules).RootElement);
                filter = compiled.Filter ?? throw new InvalidOperationException($"{rules}: {string.Join("; ", compiled.Errors)}");
            }

            snapshots[i] = new EndpointSnapshot(endpoint, filter, FilterInvalid: false);
        }

        return snapshots;
    }

    private static string Rule(Random random) => random.Next(5) switch
    {
        0 => $$$"""{"order.status": {"in": [{{{Pick(random, Statuses, 1 + random.Next(3))}}}]}}""",
        1 => string.Create(CultureInfo.InvariantCulture, $$$"""{"$orderTotal": {"{{{(random.Next(2) == 0 ? "gt" : "lt")}}}": {{{random.Next(10, 300)}}}}}"""),
        2 => $$$"""{"$itemCodes": {"in": [{{{string.Join(", ", Enumerable.Range(0, 1 + random.Next(5)).Select(_ => $"\"SKU-{random.Next(100, 700)}\""))}}}]}}""",
        3 => $$$"""{"$customerEmail": {"nlike": ["*@spam{{{random.Next(50)}}}.com", "bad{{{random.Next(1000)}}}@example.com", "*@mailinator.com"]}}""",
        _ => string.Create(CultureInfo.InvariantCulture, $$$"""{"order.customer.orderCount": {"gte": {{{random.Next(1, 6)}}}}}"""),
    };

    private static string Pick(Random random, string[] values, int n) =>
        string.Join(", ", values.OrderBy(_ => random.Next()).Take(n).Select(v => $"\"{v}\""));
}
