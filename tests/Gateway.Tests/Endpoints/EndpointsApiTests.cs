using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Endpoints;

[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointsApiTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task Create_GeneratesWhsecSecret_AndCrudWorks()
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = "http://127.0.0.1:9/a", eventTypes = new[] { "order.*" }, description = "orders" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", created.GetProperty("secret").GetString());
        Assert.Equal("order.*", created.GetProperty("eventTypes")[0].GetString());

        var read = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{id}");
        Assert.False(read.TryGetProperty("secret", out _));
        Assert.Equal("orders", read.GetProperty("description").GetString());

        var patch = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { disabled = true, description = "paused" });
        var patched = await patch.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(patched.GetProperty("disabled").GetBoolean());
        Assert.Equal("disabled by the tenant", patched.GetProperty("disabledReason").GetString());
        var enabled = await (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { disabled = false })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(enabled.GetProperty("disabled").GetBoolean());
        Assert.False(enabled.TryGetProperty("disabledReason", out _));

        var list = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints");
        Assert.Equal(1, list.GetProperty("data").GetArrayLength());

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/endpoints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.GetAsync($"/v1/endpoints/{id}")).StatusCode);
    }

    [Fact]
    public async Task AnotherTenantsEndpoint_Is404ForEveryVerb()
    {
        var owner = await Factory.CreateTenantAsync();
        var intruder = await Factory.CreateTenantAsync();
        var created = await (await owner.Http.PostAsJsonAsync("/v1/endpoints", new { url = "http://127.0.0.1:9/a", eventTypes = new[] { "*" } })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.GetAsync($"/v1/endpoints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.DeleteAsync($"/v1/endpoints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.GetAsync($"/v1/endpoints/{id}/secret")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.GetAsync($"/v1/endpoints/{id}/attempts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.GetAsync($"/v1/dead-letters?endpointId={id}")).StatusCode);
        Assert.Equal(0, (await intruder.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints")).GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/v1/endpoints/{id}")).StatusCode);
    }

    [Fact]
    public async Task Create_InvalidFields_Are422WithEveryError()
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new
        {
            url = "ftp://example.com",
            eventTypes = new[] { "order.teleported", "invoice.*" },
            secret = "not-a-secret",
            headers = new Dictionary<string, string> { ["webhook-id"] = "x", ["Host"] = "evil" },
            filter = new Dictionary<string, object> { ["order.total"] = new Dictionary<string, object> { ["between"] = 1 } },
            delaySeconds = -1,
        });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var paths = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("/url", paths);
        Assert.Contains("/eventTypes/0", paths);
        Assert.Contains("/eventTypes/1", paths);
        Assert.Contains("/secret", paths);
        Assert.Contains("/headers/webhook-id", paths);
        Assert.Contains("/headers/Host", paths);
        Assert.Contains(paths, p => p!.StartsWith("/filter", StringComparison.Ordinal));
        Assert.Contains("/delaySeconds", paths);
    }

    [Fact]
    public async Task Create_MalformedBody_Is400_WrongContentType_Is415()
    {
        var tenant = await Factory.CreateTenantAsync();
        var malformed = await tenant.Http.PostAsync("/v1/endpoints", new StringContent("{", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var text = await tenant.Http.PostAsync("/v1/endpoints", new StringContent("url=x", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task Create_GivenValidSecret_IsKept_AndRotationKeepsOldOneForOverlap()
    {
        var tenant = await Factory.CreateTenantAsync();
        const string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
        var created = await (await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = "http://127.0.0.1:9/a", eventTypes = new[] { "*" }, secret })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(secret, created.GetProperty("secret").GetString());
        var id = created.GetProperty("id").GetString();

        var rotated = await (await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{id}/secret/rotate", new { })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(secret, rotated.GetProperty("secret").GetString());
        var expires = rotated.GetProperty("previousSecretExpiresAt").GetDateTimeOffset();
        Assert.InRange(expires - DateTimeOffset.UtcNow, TimeSpan.FromHours(23), TimeSpan.FromHours(25));
        var current = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{id}/secret");
        Assert.Equal(rotated.GetProperty("secret").GetString(), current.GetProperty("secret").GetString());
    }
}

[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointSsrfTests(RedisFixture store) : GatewayTestBase(store)
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Security:AllowPrivateNetworks"] = "false", ["Security:AllowHttp"] = "false" };

    [Theory]
    [InlineData("https://127.0.0.1/hook")]
    [InlineData("https://localhost/hook")]
    [InlineData("https://10.0.0.8/hook")]
    [InlineData("https://169.254.169.254/latest/meta-data/")]
    [InlineData("https://[::1]/hook")]
    [InlineData("http://93.184.216.34/hook")]
    public async Task Create_PrivateOrPlainHttpUrl_IsRefusedWhenNotAllowed(string url)
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url, eventTypes = new[] { "*" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("/url", errors[0].GetProperty("path").GetString());
    }
}

[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointCacheTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task EndpointChanges_ReachAnotherProcessWithinASecond()
    {
        await using var other = new GatewayFactoryTwin(Factory, Store);
        var tenant = await Factory.CreateTenantAsync();
        var otherClient = other.Factory.CreateClient();
        otherClient.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        // Warm the other process's cache of this tenant's endpoints (none yet).
        var before = await (await otherClient.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, before.GetProperty("endpoints").GetArrayLength());

        var created = await (await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = "http://127.0.0.1:9/a", eventTypes = new[] { "*" } })).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetString();

        await WithinASecondAsync(async () => (await SendAsync(otherClient)).Contains(id));
        await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { eventTypes = new[] { "order.canceled" } });
        await WithinASecondAsync(async () => !(await SendAsync(otherClient)).Contains(id));
    }

    private static async Task<List<string?>> SendAsync(HttpClient client)
    {
        var body = await (await client.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();
        return [.. body.GetProperty("endpoints").EnumerateArray().Select(e => e.GetString())];
    }

    private static async Task WithinASecondAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the other process did not see the change within a second");
            await Task.Delay(20);
        }
    }
}
