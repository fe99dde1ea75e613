using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Trace;

namespace Gateway.Tests.Tracing;

/// <summary>
/// One trace from POST /v1/events (continuing the caller's traceparent) through validation, matching and the accept
/// to every attempt at two endpoints, with a retry and a replay, as the tracer provider exports it.
/// </summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class TraceTreeTests(RedisFixture store) : IAsyncLifetime
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
            ["Delivery:RetrySchedule"] = "00:00:00.050,00:00:00.050,00:00:00.050",
            ["Delivery:Jitter"] = "0",
            ["Delivery:PollInterval"] = "00:00:00.200",
            ["Delivery:BreakerFailureThreshold"] = "1000",
        }, services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddProcessor(_spans)));
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task OneEvent_TwoEndpoints_RetryAndReplay_AllInTheCallersTrace()
    {
        var failB = true;
        _receiver.Respond = (r, n) => Task.FromResult(r.Path == "/a" ? (n == 1 ? Results.StatusCode(500) : Results.Ok()) : failB ? Results.StatusCode(503) : Results.Ok());
        var tenant = await _factory.CreateTenantAsync();
        var a = (await tenant.CreateEndpointAsync(_receiver.Url("/a"), ["*"], new { sendTraceContext = true })).GetProperty("id").GetString()!;
        var b = (await tenant.CreateEndpointAsync(_receiver.Url("/b"), ["*"])).GetProperty("id").GetString()!;
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(Events.Order()) };
        request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01");

        var accepted = await (await tenant.Http.SendAsync(request)).Content.ReadFromJsonAsync<JsonElement>();
        var eventId = accepted.GetProperty("id").GetString()!;
        await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/a") == 2 && r.Count(x => x.Path == "/b") == 4);
        var letter = await EventuallyAsync(async () => (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={b}")).GetProperty("data"), d => d.GetArrayLength() == 1);
        failB = false;
        var replay = await tenant.Http.PostAsync($"/v1/dead-letters/{letter[0].GetProperty("id").GetString()}/replay", null);
        Assert.True(replay.IsSuccessStatusCode);
        await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/b") == 5);

        var spans = await EventuallySpansAsync(traceId, s => s.Count(x => x.DisplayName == "POST" && x.Kind == ActivityKind.Client) == 7);
        var server = Assert.Single(spans, s => s.Kind == ActivityKind.Server && s.GetTagItem("url.path") as string == "/v1/events");
        Assert.Equal(callerSpan, server.ParentSpanId); // the caller's traceparent continued
        Assert.Equal(server.SpanId, Assert.Single(spans, s => s.DisplayName == "validate order.completed").ParentSpanId);
        Assert.Equal(server.SpanId, Assert.Single(spans, s => s.DisplayName == "match order.completed").ParentSpanId);
        var accept = Assert.Single(spans, s => s.DisplayName == "accept order.completed");
        Assert.Equal(server.SpanId, accept.ParentSpanId);
        Assert.Equal(ActivityKind.Producer, accept.Kind);
        Assert.Equal(eventId, accept.GetTagItem("messaging.message.id"));
        Assert.Equal(2, accept.GetTagItem("webhook.targets"));

        var attempts = spans.Where(s => s.DisplayName == "POST" && s.Kind == ActivityKind.Client).ToList();
        Assert.All(attempts, s => Assert.Equal(accept.SpanId, s.ParentSpanId)); // every attempt, retry and replay hangs off the accept
        Assert.All(attempts, s => Assert.Equal("POST", s.GetTagItem("http.request.method")));
        Assert.All(attempts, s => Assert.Equal(eventId, s.GetTagItem("webhook.event.id")));
        var atA = attempts.Where(s => (string?)s.GetTagItem("webhook.endpoint.id") == a).OrderBy(s => s.StartTimeUtc).ToList();
        var atB = attempts.Where(s => (string?)s.GetTagItem("webhook.endpoint.id") == b).OrderBy(s => s.StartTimeUtc).ToList();
        Assert.Equal([500, 200], atA.Select(s => (int)s.GetTagItem("http.response.status_code")!));
        Assert.Equal([1, 2], atA.Select(s => (int)s.GetTagItem("webhook.attempt")!));
        Assert.Equal(["http_5xx", "success"], atA.Select(s => (string)s.GetTagItem("webhook.outcome")!));
        Assert.Equal(ActivityStatusCode.Error, atA[0].Status);
        Assert.Equal("500", atA[0].GetTagItem("error.type"));
        Assert.Equal([503, 503, 503, 503, 200], atB.Select(s => (int)s.GetTagItem("http.response.status_code")!));
        Assert.Equal([1, 2, 3, 4, 1], atB.Select(s => (int)s.GetTagItem("webhook.attempt")!)); // the replay starts a fresh budget
        Assert.Single(atB.Select(s => s.GetTagItem("webhook.message.id")).Distinct());
        Assert.Equal(_receiver.Url("/a"), atA[0].GetTagItem("url.full"));

        // The subscriber that opted in continues each attempt's span; the other gets no trace context.
        var receivedA = _receiver.Requests.Where(r => r.Path == "/a").ToList();
        Assert.Equal(atA.Select(s => $"00-{traceId}-{s.SpanId}-01"), receivedA.Select(r => r.Headers["traceparent"].ToString()));
        Assert.All(_receiver.Requests.Where(r => r.Path == "/b"), r => Assert.False(r.Headers.ContainsKey("traceparent")));

        // The trace id where an operator looks: the event's detail and the dead letter.
        Assert.Equal(traceId.ToString(), (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}")).GetProperty("traceId").GetString());
        Assert.Equal(traceId.ToString(), letter[0].GetProperty("traceId").GetString());
    }

    private async Task<IReadOnlyList<Activity>> EventuallySpansAsync(ActivityTraceId traceId, Func<IReadOnlyList<Activity>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        IReadOnlyList<Activity> spans;
        while (!done(spans = _spans.Trace(traceId)) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(done(spans), "spans: " + string.Join(", ", spans.Select(s => $"{s.DisplayName}/{s.Kind}")));
        return spans;
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        JsonElement last;
        while (!done(last = await read()) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(done(last), last.ToString());
        return last;
    }
}
