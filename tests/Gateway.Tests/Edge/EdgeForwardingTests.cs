using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Edge;

/// <summary>What the edge does to a request on its way to an API process (here a recording receiver).</summary>
public sealed class EdgeForwardingTests : IAsyncLifetime
{
    private Receiver _api = null!;
    private EdgeHost _edge = null!;

    public async Task InitializeAsync()
    {
        _api = await Receiver.StartAsync();
        _edge = await EdgeHost.StartAsync([_api.BaseUrl], new Dictionary<string, string?> { ["Edge:MaxEventBytes"] = "1000" });
    }

    public async Task DisposeAsync()
    {
        await _edge.DisposeAsync();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Forwarded_XForwardedHeadersComeFromTheConnection_NotFromTheClient()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_edge.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Forwarded-For", "203.0.113.66");
        request.Headers.Add("X-Forwarded-Host", "evil.example");
        request.Headers.Add("X-Forwarded-Proto", "https");

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_api.Requests, r => r.Path == "/v1/events");
        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"].ToString());
        Assert.Equal("http", seen.Headers["X-Forwarded-Proto"].ToString());
        Assert.Equal(new Uri(_edge.BaseUrl).Authority, seen.Headers["X-Forwarded-Host"].ToString());
        Assert.Equal("{}", seen.Body);
    }

    [Fact]
    public async Task EventLargerThanTheGatewayLimit_Is413AtTheEdge_AndNeverReachesTheApi()
    {
        using var client = new HttpClient { BaseAddress = new Uri(_edge.BaseUrl) };

        using var tooLarge = await client.PostAsync("/v1/events", new StringContent(new string('x', 1001), Encoding.UTF8, "application/json"));
        using var fits = await client.PostAsync("/v1/events", new StringContent(new string('x', 1000), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fits.StatusCode);
        Assert.Single(_api.Requests, r => r.Path == "/v1/events");
    }

    [Fact]
    public async Task FailedPost_IsAnsweredAsIs_NeverRetried()
    {
        _api.Respond = (r, _) => Task.FromResult(r.Path == "/readyz" ? Results.Ok() : Results.StatusCode(503));
        using var client = new HttpClient { BaseAddress = new Uri(_edge.BaseUrl) };

        using var response = await client.PostAsync("/v1/events", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Single(_api.Requests, r => r.Path == "/v1/events");
    }
}
