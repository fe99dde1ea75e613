using System.Text.Json.Nodes;

namespace Gateway.Tests.Infrastructure;

/// <summary>Event documents shaped like the seed's webhook body.</summary>
public static class Events
{
    public static JsonObject Order(string type = "completed", string? orderId = null, int items = 1, string? email = null, decimal price = 9.5m)
    {
        orderId ??= "o-" + Guid.NewGuid().ToString("N")[..8];
        var lineItems = new JsonArray();
        for (var i = 0; i < items; i++)
        {
            lineItems.Add(new JsonObject { ["productCode"] = $"SKU-{i + 1}", ["quantity"] = 2, ["price"] = price });
        }

        var customer = new JsonObject { ["customerAccount"] = "acme", ["id"] = "c-1", ["name"] = "Ada Lovelace" };
        if (email is not null)
        {
            customer["email"] = email;
        }

        return new JsonObject
        {
            ["subject"] = "order",
            ["type"] = type,
            ["objectId"] = orderId,
            ["eventDate"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["order"] = new JsonObject
            {
                ["id"] = orderId,
                ["creationDate"] = "2026-01-01T00:00:00Z",
                ["currency"] = "EUR",
                ["consentFlags"] = new JsonObject { ["newsletterOptin"] = false },
                ["customer"] = customer,
                ["items"] = lineItems,
            },
        };
    }
}
