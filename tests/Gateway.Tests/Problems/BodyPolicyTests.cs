using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Problems;

/// <summary>
/// One policy for every JSON body: a field named twice is refused (400 with its pointer) at any depth, event documents
/// included; a field the request object does not have is refused (422 with its pointer).
/// </summary>
[Collection(RedisProblemsCollection.Name)]
public sealed class BodyPolicyTests(RedisFixture store) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("/admin/tenants", "{\"name\":\"a\",\"name\":{}}", "/name")]
    [InlineData("/v1/endpoints", "{\"url\":\"http://127.0.0.1:9/a\",\"eventTypes\":[\"*\"],\"url\":\"http://127.0.0.1:9/b\"}", "/url")]
    [InlineData("/v1/keys", "{\"scope\":\"tenant\",\"scope\":\"admin\"}", "/scope")]
    [InlineData("/v1/events/batch", "{\"events\":[{\"subject\":\"order\",\"type\":\"completed\",\"type\":\"canceled\"}]}", "/events/0/type")]
    [InlineData("/v1/events", "{\"subject\":\"order\",\"type\":\"completed\",\"order\":{\"id\":1,\"id\":2}}", "/order/id")]
    public async Task DuplicateName_Is400WithItsPointer(string route, string body, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();
        var client = route.StartsWith("/admin", StringComparison.Ordinal) ? Factory.AdminClient() : tenant.Http;

        var response = await client.PostAsync(route, Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(pointer, problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("/admin/tenants", "{\"name\":\"a\",\"nmae\":\"b\"}", "/nmae")]
    [InlineData("/v1/keys", "{\"scop\":\"admin\"}", "/scop")]
    [InlineData("/v1/event-types", "{\"name\":\"invoice.paid\",\"schema\":{\"type\":\"object\"},\"descripton\":\"x\"}", "/descripton")]
    [InlineData("/v1/events/batch", "{\"events\":[],\"dryRun\":true}", "/dryRun")]
    [InlineData("/v1/order-workflow", "{\"preset\":\"platform\",\"force\":true}", "/force")]
    public async Task UnknownField_Is422WithItsPointer_AndNothingIsDone(string route, string body, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();
        var client = route.StartsWith("/admin", StringComparison.Ordinal) ? Factory.AdminClient() : tenant.Http;

        var response = route == "/v1/order-workflow" ? await client.PutAsync(route, Json(body)) : await client.PostAsync(route, Json(body));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(pointer, problem.GetProperty("errors")[0].GetProperty("path").GetString());
        Assert.Single((await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/keys")).GetProperty("data").EnumerateArray());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
