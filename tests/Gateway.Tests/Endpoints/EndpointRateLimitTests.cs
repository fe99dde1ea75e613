using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Endpoints;

/// <summary><c>"rateLimit"</c> on an endpoint: set, shown, changed and cleared; a bad value is a 422 problem with its pointer.</summary>
[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointRateLimitTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task RateLimit_SetOnCreate_IsShownChangedAndClearedWithNull()
    {
        var tenant = await Factory.CreateTenantAsync();
        var created = await tenant.CreateEndpointAsync("http://127.0.0.1:9/a", ["*"], new { rateLimit = 20 });
        var id = created.GetProperty("id").GetString();
        Assert.Equal(20, created.GetProperty("rateLimit").GetInt32());

        var patched = await (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { rateLimit = 5 })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, patched.GetProperty("rateLimit").GetInt32());
        var untouched = await (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { description = "x" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(5, untouched.GetProperty("rateLimit").GetInt32());

        using var clear = new StringContent("{\"rateLimit\":null}", Encoding.UTF8, "application/json");
        var cleared = await (await tenant.Http.PatchAsync($"/v1/endpoints/{id}", clear)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(cleared.TryGetProperty("rateLimit", out var left) && left.ValueKind != JsonValueKind.Null);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("1.5")]
    [InlineData("\"20\"")]
    [InlineData("true")]
    [InlineData("10001")]
    [InlineData("1e40")]
    public async Task RateLimit_NotAWholeNumberFrom1To10000_Is422WithItsPointer(string value)
    {
        var tenant = await Factory.CreateTenantAsync();
        using var body = new StringContent($"{{\"url\":\"http://127.0.0.1:9/a\",\"eventTypes\":[\"*\"],\"rateLimit\":{value}}}", Encoding.UTF8, "application/json");

        var problem = await ProblemAssert.IsProblemAsync(await tenant.Http.PostAsync("/v1/endpoints", body), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["/rateLimit"], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task RateLimit_BadValueOnPatch_Is422AndChangesNothing()
    {
        var tenant = await Factory.CreateTenantAsync();
        var id = (await tenant.CreateEndpointAsync("http://127.0.0.1:9/a", ["*"], new { rateLimit = 7 })).GetProperty("id").GetString();

        var problem = await ProblemAssert.IsProblemAsync(await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { rateLimit = 0 }), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["/rateLimit"], ProblemAssert.ErrorPaths(problem));
        Assert.Equal(7, (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{id}")).GetProperty("rateLimit").GetInt32());
    }

    [Fact]
    public async Task RateLimit_OfAnotherTenantsEndpoint_Is404()
    {
        var owner = await Factory.CreateTenantAsync();
        var intruder = await Factory.CreateTenantAsync();
        var id = (await owner.CreateEndpointAsync("http://127.0.0.1:9/a", ["*"])).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NotFound, (await intruder.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { rateLimit = 1 })).StatusCode);
    }
}
