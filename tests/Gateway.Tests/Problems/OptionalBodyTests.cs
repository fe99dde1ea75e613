using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Gateway.Tests.Deploy;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Problems;

/// <summary>
/// Routes whose body is optional (issue a key, rotate a secret) act on an absent body with defaults, but a body
/// that is present and malformed is the client's mistake: 400 (415 for a non-JSON content type), and nothing is done.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class OptionalBodyTests(RedisFixture store) : GatewayTestBase(store)
{
    public static TheoryData<string, string?> MalformedBodies => new()
    {
        { "garbage", "application/json" },
        { "{\"scope\":", "application/json" },
        { "[]", "application/json" },
        { "\"tenant\"", "application/json" },
        { "null", "application/json" },
        { "{\"scope\": 5, \"secret\": 5}", "application/json" },
        { " ", "application/json" },
        { "garbage", "text/plain" },
        { "garbage", null },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task IssueOwnKey_MalformedBody_Is4xxAndIssuesNothing(string body, string? contentType)
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await tenant.Http.PostAsync("/v1/keys", Content(body, contentType));

        await AssertRefusedAsync(response, contentType);
        Assert.Equal(1, await KeyCountAsync(tenant.Http, "/v1/keys"));
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task AdminIssuesKey_MalformedBody_Is4xxAndIssuesNothing(string body, string? contentType)
    {
        var tenant = await Factory.CreateTenantAsync();
        var admin = Factory.AdminClient();

        var response = await admin.PostAsync($"/admin/tenants/{tenant.Id}/keys", Content(body, contentType));

        await AssertRefusedAsync(response, contentType);
        Assert.Equal(1, await KeyCountAsync(admin, $"/admin/tenants/{tenant.Id}/keys"));
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task RotateSecret_MalformedBody_Is4xxAndKeepsTheSecret(string body, string? contentType)
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"]);
        var id = endpoint.GetProperty("id").GetString();

        var response = await tenant.Http.PostAsync($"/v1/endpoints/{id}/secret/rotate", Content(body, contentType));

        await AssertRefusedAsync(response, contentType);
        var secret = await tenant.Http.GetFromJsonAsync<System.Text.Json.JsonElement>($"/v1/endpoints/{id}/secret");
        Assert.Equal(endpoint.GetProperty("secret").GetString(), secret.GetProperty("secret").GetString());
    }

    [Fact]
    public async Task OptionalBodyRoutes_NoBodyOrEmptyObject_UseTheDefaults()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"]);
        var id = endpoint.GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.Created, (await tenant.Http.PostAsync("/v1/keys", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await tenant.Http.PostAsync("/v1/keys", Content("{}", "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Factory.AdminClient().PostAsync($"/admin/tenants/{tenant.Id}/keys", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PostAsync($"/v1/endpoints/{id}/secret/rotate", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PostAsync($"/v1/endpoints/{id}/secret/rotate", Content("{}", "application/json"))).StatusCode);
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response, string? contentType)
    {
        var expected = contentType == "application/json" ? HttpStatusCode.BadRequest : HttpStatusCode.UnsupportedMediaType;
        await ProblemAssert.IsProblemAsync(response, expected);
    }

    private static async Task<int> KeyCountAsync(HttpClient client, string path) =>
        (await client.GetFromJsonAsync<System.Text.Json.JsonElement>(path)).GetProperty("data").GetArrayLength();

    private static ByteArrayContent Content(string body, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        if (contentType is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return content;
    }
}
