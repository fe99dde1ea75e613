using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Problems;

/// <summary>
/// Every route that reads a JSON body reads it the same way, however the route binds it: another content type is this
/// API's 415 with its detail (never the framework's own), and an <c>application/*+json</c> type is read as JSON.
/// </summary>
[Collection(RedisProblemsCollection.Name)]
public sealed class JsonBodyContentTypeTests(RedisFixture store) : GatewayTestBase(store)
{
    private const string EndpointBody = """{"url": "http://127.0.0.1:9/hook", "eventTypes": ["*"]}""";
    private const string PreviewBody = """{"eventType": "order.completed", "email": {"from": "shop@example.com", "to": ["a@example.com"], "subject": "Hi"}}""";

    [Theory]
    [InlineData("POST", "/v1/endpoints", EndpointBody)]
    [InlineData("PATCH", "/v1/endpoints/{id}", """{"description": "changed"}""")]
    [InlineData("POST", "/v1/endpoints/preview", PreviewBody)]
    [InlineData("POST", "/v1/endpoints/{id}/test", """{"eventType": "order.completed"}""")]
    public async Task JsonBodyRoute_TextPlain_IsThe415OfThisApi_AndAJsonSubtypeIsRead(string method, string route, string body)
    {
        var tenant = await Factory.CreateTenantAsync();
        var id = (await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"])).GetProperty("id").GetString()!;
        var path = route.Replace("{id}", id, StringComparison.Ordinal);

        using var text = await SendAsync(tenant, method, path, body, "text/plain");
        await ProblemAssert.IsProblemAsync(text, HttpStatusCode.UnsupportedMediaType);
        var problem = JsonDocument.Parse(await text.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Send the body as 'Content-Type: application/json'.", problem.GetProperty("detail").GetString());

        using var subtype = await SendAsync(tenant, method, path, body, "application/vnd.shop+json");
        Assert.True(subtype.IsSuccessStatusCode, $"{method} {path} with a +json type: {(int)subtype.StatusCode} {await subtype.Content.ReadAsStringAsync()}");
    }

    private static Task<HttpResponseMessage> SendAsync(TenantClient tenant, string method, string path, string body, string contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return tenant.Http.SendAsync(request);
    }
}
