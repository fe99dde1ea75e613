using System.Net;
using System.Net.Http.Json;
using System.Text;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Endpoints;

/// <summary>A bad recovery window is a 422 problem with its pointer; another tenant's endpoint or an unknown recovery is 404.</summary>
[Collection(RedisEndpointsCollection.Name)]
public sealed class EndpointRecoveryInputTests(RedisFixture store) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("{}", "/since")]
    [InlineData("{\"since\":\"yesterday\"}", "/since")]
    [InlineData("{\"since\":\"2026-01-31\"}", "/since")]
    [InlineData("{\"since\":\"2026-13-01T00:00:00Z\"}", "/since")]
    [InlineData("{\"since\":\"2026-01-31T14:00:00\"}", "/since")]
    [InlineData("{\"since\":1769868000}", "/since")]
    [InlineData("{\"since\":\"2026-01-31T14:00:00Z\",\"until\":\"2026-01-31T13:59:59Z\"}", "/until")]
    [InlineData("{\"since\":\"2026-01-31T14:00:00Z\",\"until\":\"soon\"}", "/until")]
    [InlineData("{\"since\":\"2026-01-31T14:00:00Z\",\"from\":\"x\"}", "/from")]
    public async Task Recover_BadWindow_Is422WithItsPointer(string body, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();
        var id = (await tenant.CreateEndpointAsync("http://127.0.0.1:9/a", ["*"])).GetProperty("id").GetString();
        using var content = new StringContent(body, Encoding.UTF8, "application/json");

        var problem = await ProblemAssert.IsProblemAsync(await tenant.Http.PostAsync($"/v1/endpoints/{id}/recover", content), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([pointer], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Recover_AnotherTenantsEndpointOrUnknownRecovery_Is404()
    {
        var owner = await Factory.CreateTenantAsync();
        var intruder = await Factory.CreateTenantAsync();
        var id = (await owner.CreateEndpointAsync("http://127.0.0.1:9/a", ["*"])).GetProperty("id").GetString();
        var started = await (await owner.Http.PostAsJsonAsync($"/v1/endpoints/{id}/recover", new { since = "2026-01-31T14:00:00Z" }))
            .Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var recoveryId = started.GetProperty("id").GetString();

        await ProblemAssert.IsProblemAsync(await intruder.Http.PostAsJsonAsync($"/v1/endpoints/{id}/recover", new { since = "2026-01-31T14:00:00Z" }), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await intruder.Http.GetAsync($"/v1/endpoints/{id}/recover/{recoveryId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await owner.Http.GetAsync($"/v1/endpoints/{id}/recover/rcv_unknown"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await owner.Http.GetAsync($"/v1/endpoints/{id}/recover/rcv_x%3Ay"), HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await owner.Http.GetAsync($"/v1/endpoints/{id}/recover/{recoveryId}")).StatusCode);
    }
}
