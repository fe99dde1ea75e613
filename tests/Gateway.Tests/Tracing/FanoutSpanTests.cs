using System.Diagnostics;
using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;
using OpenTelemetry.Trace;

namespace Gateway.Tests.Tracing;

/// <summary>Where the fan-out is its own stage (the cluster's path: the accept, then a queue call per target), it has its own span.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class FanoutSpanTests(RedisFixture store) : IAsyncLifetime
{
    private readonly SpanCollector _spans = new();
    private Receiver _receiver = null!;
    private GatewayFactory _factory = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _factory = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Tracing:Enabled"] = "true",
            ["Gateway:Roles"] = "api,worker",
            ["Redis:SingleCallAccept"] = "false",
            ["Delivery:PollInterval"] = "00:00:00.200",
        }, services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(_spans)));
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task PerTargetPath_FanoutSpan_ChildOfTheAccept_AttemptsStillChildrenOfTheAccept()
    {
        var tenant = await _factory.CreateTenantAsync();
        await tenant.CreateEndpointAsync(_receiver.Url("/one"), ["*"]);
        await tenant.CreateEndpointAsync(_receiver.Url("/two"), ["*"]);
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(Events.Order()) };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        Assert.True((await tenant.Http.SendAsync(request)).IsSuccessStatusCode);
        await _receiver.WaitForAsync(r => r.Count == 2);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<Activity> spans;
        while ((spans = _spans.Trace(traceId)).Count(s => s.Kind == ActivityKind.Client) < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        var accept = Assert.Single(spans, s => s.DisplayName == "accept order.completed");
        var fanout = Assert.Single(spans, s => s.DisplayName == "fanout order.completed");
        Assert.Equal("per_target", accept.GetTagItem("webhook.fanout.mode"));
        Assert.Equal(accept.SpanId, fanout.ParentSpanId);
        Assert.Equal(2, fanout.GetTagItem("webhook.targets"));
        Assert.True(fanout.StartTimeUtc >= accept.StartTimeUtc + accept.Duration, "the fan-out follows the accept");
        var attempts = spans.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(accept.SpanId, a.ParentSpanId));
    }
}
