using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Orders;

/// <summary>A gateway with API and workers on a real store and a real receiver, with helpers for the order APIs.</summary>
public abstract class OrdersTestBase(StoreFixture store) : DeliveryTestBase(store)
{
    protected static string NewOrderId() => "ord-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The customer and items the first notified change of an order must carry.</summary>
    protected static JsonObject Details(JsonObject body)
    {
        body["customer"] = new JsonObject { ["name"] = "Ada Lovelace", ["email"] = "ada@example.com" };
        body["items"] = new JsonArray(new JsonObject { ["offerName"] = "Analytical Engine", ["quantity"] = 2, ["price"] = 12.5 });
        return body;
    }

    protected static JsonObject Status(string status, string? message = null, bool? notify = null)
    {
        var body = new JsonObject { ["status"] = status };
        if (message is not null)
        {
            body["message"] = message;
        }

        if (notify is not null)
        {
            body["notify"] = notify.Value;
        }

        return body;
    }

    protected static async Task<Reply> PutStatusAsync(HttpClient client, string orderId, JsonObject body, string? ifMatch = null, string query = "", bool overrideStatus = false)
    {
        var path = $"/v1/orders/{orderId}/status{(overrideStatus ? "/override" : "")}{query}";
        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        using var response = await client.SendAsync(request);
        return await Reply.ReadAsync(response);
    }

    /// <summary>Moves an order to <paramref name="status"/> with an admin override, without an event.</summary>
    protected async Task ForceAsync(TenantClient tenant, string orderId, string status)
    {
        var reply = await PutStatusAsync(Factory.AdminClient(), orderId, Status(status, notify: false), query: $"?tenantId={tenant.Id}", overrideStatus: true);
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
    }

    protected static async Task<Reply> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return await Reply.ReadAsync(response);
    }

    protected static async Task UseWorkflowAsync(TenantClient tenant, object workflow)
    {
        using var response = await tenant.Http.PutAsJsonAsync("/v1/order-workflow", workflow);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A second client of the tenant, holding a new key with <paramref name="scope"/>; returns it and the key id.</summary>
    protected async Task<(HttpClient Client, string KeyId)> KeyClientAsync(TenantClient tenant, string scope)
    {
        using var response = await Factory.AdminClient().PostAsJsonAsync($"/admin/tenants/{tenant.Id}/keys", new { scope });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", body.GetProperty("apiKey").GetString());
        return (client, body.GetProperty("keyId").GetString()!);
    }

    protected static async Task<string> KeyIdOfAsync(TenantClient tenant)
    {
        var keys = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/keys");
        return keys.GetProperty("data")[0].GetProperty("keyId").GetString()!;
    }
}

/// <summary>A response read once: status, ETag and JSON body.</summary>
public sealed record Reply(HttpStatusCode Status, string? ETag, string? ContentType, JsonElement Body)
{
    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return new Reply(response.StatusCode, response.Headers.ETag?.Tag, response.Content.Headers.ContentType?.MediaType, body);
    }

    public string? String(string property) => Body.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public IEnumerable<string> ErrorPaths => Body.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()!);

    public override string ToString() => $"{(int)Status} {Body}";
}
