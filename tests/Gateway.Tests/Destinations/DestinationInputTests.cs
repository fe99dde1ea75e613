using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Destinations;

/// <summary>The kind, email and rabbitmq fields of an endpoint: hostile input answers 4xx problems with pointers, never a 500.</summary>
[Collection(RedisEndpointsCollection.Name)]
public sealed class DestinationInputTests(RedisFixture store) : GatewayTestBase(store)
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Security:AllowPrivateNetworks"] = "false" };

    [Theory]
    [InlineData("subject", "/email/subject")]
    [InlineData("to", "/email/to/0")]
    [InlineData("from", "/email/from")]
    public async Task LineBreakInAddressOrSubject_Is400WithItsPointer(string field, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();
        var email = new Dictionary<string, object> { ["from"] = "orders@shop.example", ["to"] = new[] { "ada@example.com" }, ["subject"] = "Order {{ order.id }}" };
        email[field] = field == "to" ? new[] { "ada@example.com\r\nBcc: victim@example.com" } : "x@shop.example\r\nBcc: victim@example.com";

        var (status, problem) = await PostAsync(tenant, new { kind = "email", eventTypes = new[] { "order.*" }, email });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == pointer);
    }

    [Fact]
    public async Task InvalidEmailSettings_Are422_WithEveryPointer()
    {
        var tenant = await Factory.CreateTenantAsync();

        var (status, problem) = await PostAsync(tenant, new
        {
            kind = "email",
            url = "https://example.com/hooks",
            eventTypes = new[] { "order.*" },
            email = new { from = "not an address", to = Enumerable.Range(0, 21).Select(i => $"u{i}@example.com").ToArray(), cc = new[] { "/bad~2pointer" }, subject = "{% for %}", extra = 1 },
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("/url", paths);
        Assert.Contains("/email/from", paths);
        Assert.Contains("/email/to", paths);
        Assert.Contains("/email/cc/0", paths);
        Assert.Contains("/email/subject", paths);
        Assert.Contains("/email/extra", paths);
    }

    [Fact]
    public async Task KindWithoutItsSettings_OrUnknownKind_Is422()
    {
        var tenant = await Factory.CreateTenantAsync();

        var (missing, problem) = await PostAsync(tenant, new { kind = "rabbitmq", eventTypes = new[] { "order.*" } });
        var (unknown, problem2) = await PostAsync(tenant, new { kind = "sms", url = "https://example.com/", eventTypes = new[] { "order.*" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, missing);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "/rabbitmq");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown);
        Assert.Contains(problem2.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "/kind");
    }

    [Theory]
    [InlineData("amqp://guest:guest@127.0.0.1:5672/")]
    [InlineData("amqp://169.254.169.254/")]
    [InlineData("http://broker.example/")]
    public async Task BrokerUrl_OnAForbiddenNetworkOrScheme_Is422(string url)
    {
        var tenant = await Factory.CreateTenantAsync();

        var (status, problem) = await PostAsync(tenant, new { kind = "rabbitmq", eventTypes = new[] { "order.*" }, rabbitmq = new { url, exchange = "x", routingKey = "{type}" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == "/rabbitmq/url");
    }

    [Fact]
    public async Task KindCannotChange_AndEmailSettingsChangeByPatch()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (created, endpoint) = await PostAsync(tenant, new
        {
            kind = "email",
            eventTypes = new[] { "order.*" },
            email = new { from = "orders@shop.example", to = new[] { "/order/customer/email" }, subject = "Hi" },
        });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = endpoint.GetProperty("id").GetString();
        Assert.Equal("mailto:/order/customer/email", endpoint.GetProperty("url").GetString());

        using var kind = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { kind = "http" });
        using var headers = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { headers = new Dictionary<string, string> { ["X-A"] = "b" } });
        using var changed = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { email = new { from = "orders@shop.example", to = new[] { "ops@shop.example" }, subject = "Changed" } });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, kind.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, headers.StatusCode);
        var view = await changed.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(changed.IsSuccessStatusCode, view.ToString());
        Assert.Equal("Changed", view.GetProperty("email").GetProperty("subject").GetString());
        Assert.Equal("mailto:ops@shop.example", view.GetProperty("url").GetString());
        Assert.Equal("email", view.GetProperty("kind").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(TenantClient tenant, object body)
    {
        using var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", body);
        if (response.StatusCode >= HttpStatusCode.BadRequest)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
