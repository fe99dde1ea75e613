using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Logs;

/// <summary>Bad query parameters of the logs and stats API answer 422 problem+json pointing at the parameter, never 500.</summary>
[Collection(RedisApiCollection.Name)]
public sealed class QueryValidationTests(RedisFixture store) : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new(store);
    private TenantClient _tenant = null!;
    private string _endpoint = "";

    public async Task InitializeAsync()
    {
        _tenant = await _factory.CreateTenantAsync();
        var response = await _tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = "http://127.0.0.1:9/hook", eventTypes = new[] { "*" } });
        _endpoint = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Theory]
    [InlineData("/v1/stats?granularity=week", "/granularity")]
    [InlineData("/v1/stats?from=yesterday", "/from")]
    [InlineData("/v1/stats?to=2026-13-45", "/to")]
    [InlineData("/v1/stats?from=2026-02-01&to=2026-01-01", "/from")]
    [InlineData("/v1/stats?from=2026-01-01&to=2026-01-01", "/from")]
    [InlineData("/v1/stats?granularity=hour&from=2020-01-01&to=2026-01-01", "/from")]
    [InlineData("/v1/stats/summary?from=not-a-date", "/from")]
    [InlineData("/v1/endpoints/{endpoint}/stats?to=soon", "/to")]
    [InlineData("/v1/endpoints/{endpoint}/stats/activity?granularity=minute", "/granularity")]
    [InlineData("/v1/logs?state=delivered", "/state")]
    [InlineData("/v1/logs?state=sent,nope", "/state")]
    [InlineData("/v1/logs?limit=0", "/limit")]
    [InlineData("/v1/logs?limit=501", "/limit")]
    [InlineData("/v1/logs?limit=ten", "/limit")]
    [InlineData("/v1/logs?cursor=not-a-cursor", "/cursor")]
    [InlineData("/v1/logs?cursor=MnwxMnxh", "/cursor")]
    [InlineData("/v1/logs?from=2026-02-01&to=2026-01-01", "/from")]
    [InlineData("/v1/logs?to=whenever", "/to")]
    [InlineData("/v1/endpoints/{endpoint}/attempts?limit=-1", "/limit")]
    [InlineData("/v1/endpoints/{endpoint}/filtered?cursor=12", "/cursor")]
    public async Task BadParameter_Answers422WithItsPointer(string url, string pointer)
    {
        var response = await _tenant.Http.GetAsync(url.Replace("{endpoint}", _endpoint));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(problem.GetProperty("errors").EnumerateArray(), e => e.GetProperty("path").GetString() == pointer);
    }

    [Fact]
    public async Task BadParameters_AllReportedAtOnce()
    {
        var problem = await (await _tenant.Http.GetAsync("/v1/stats?granularity=week&from=x&to=y")).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(["/granularity", "/from", "/to"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
    }

    [Theory]
    [InlineData("/v1/logs?endpointId=ep_nope")]
    [InlineData("/v1/endpoints/ep_nope/stats")]
    [InlineData("/v1/endpoints/ep_nope/stats/activity")]
    public async Task UnknownOrForeignEndpoint_Answers404(string url)
    {
        var other = await _factory.CreateTenantAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await _tenant.Http.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync(url.Replace("ep_nope", _endpoint))).StatusCode);
    }

    [Fact]
    public async Task GoodParameters_Answer200()
    {
        foreach (var url in new[]
        {
            "/v1/stats", "/v1/stats?granularity=HOUR&from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00%2B02:00", "/v1/stats/summary?from=2026-01-01",
            "/v1/logs?state=pending,sent,failed,blocked&eventType=order.*&limit=500", $"/v1/endpoints/{_endpoint}/stats/activity?to=2026-03-01",
        })
        {
            var response = await _tenant.Http.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
