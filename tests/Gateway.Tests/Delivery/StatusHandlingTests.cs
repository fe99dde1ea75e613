using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Dispatch;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Delivery;

/// <summary>Retry-After and the circuit breaker, driven by a fake clock instead of waiting on the wall clock.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class StatusHandlingTests(RedisFixture store) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private GatewayFactory _factory = null!;
    private Receiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _factory = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Gateway:Roles"] = "api,worker",
            ["Delivery:RetrySchedule"] = "01:00:00,01:00:00,01:00:00",
            ["Delivery:Jitter"] = "0",
            ["Delivery:BreakerFailureThreshold"] = "3",
            ["Delivery:BreakerBreakDuration"] = "00:00:30",
        }, _clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Deliver_EndpointReturns429WithRetryAfter_WaitsThatLong()
    {
        // Scheduled 1 h; Retry-After asks 90 min, within the bound of twice the schedule.
        _receiver.Respond = (_, n) => Task.FromResult<IResult>(n == 1 ? new RetryAfterResult(5400) : Results.Ok());
        var tenant = await _factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(_receiver.Url("/limited"), ["*"])).GetProperty("id").GetString()!;
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await _receiver.WaitForAsync(r => r.Count == 1);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);

        _clock.Advance(TimeSpan.FromMinutes(61)); // the schedule alone would retry now
        await Task.Delay(500);
        Assert.Single(_receiver.Requests);

        _clock.Advance(TimeSpan.FromMinutes(30));
        var both = await _receiver.WaitForAsync(r => r.Count == 2, TimeSpan.FromSeconds(10));
        Assert.True(long.Parse(both[1].Timestamp) - long.Parse(both[0].Timestamp) >= 5400);
    }

    [Fact]
    public async Task Breaker_OpensOnRepeatedFailures_PausesTheQueue_ClosesAfterAGoodProbe()
    {
        var healthy = false;
        _receiver.Respond = (_, _) => Task.FromResult(healthy ? Results.Ok() : Results.StatusCode(500));
        var tenant = await _factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(_receiver.Url("/breaker"), ["*"])).GetProperty("id").GetString()!;
        var breaker = _factory.Services.GetRequiredService<EndpointBreakers>().For(endpointId, tenant.Id);
        for (var i = 0; i < 3; i++)
        {
            await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        }

        await _receiver.WaitForAsync(r => r.Count == 3);
        await EventuallyAsync(() => breaker.State.CircuitState == CircuitState.Open);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 3);

        // While the circuit is open the queue waits: a new event is not attempted, however long the wall clock runs.
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await Task.Delay(1000);
        Assert.Equal(3, _receiver.Requests.Count);

        healthy = true;
        _clock.Advance(TimeSpan.FromSeconds(31)); // the break is over: a probe goes, succeeds, and the queue drains
        await _receiver.WaitForAsync(r => r.Count >= 4, TimeSpan.FromSeconds(10));
        await EventuallyAsync(() => breaker.State.CircuitState == CircuitState.Closed);
        _clock.Advance(TimeSpan.FromMinutes(61)); // the three failed messages' retries
        var stats = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats"),
            s => s.GetProperty("sent").GetInt64() == 4);
        Assert.Equal(0, stats.GetProperty("deadLettered").GetInt64());
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(condition());
    }

    private static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var last = await read();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            last = await read();
        }

        Assert.True(done(last), last.ToString());
        return last;
    }

    private sealed class RetryAfterResult(int seconds) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = 429;
            httpContext.Response.Headers.RetryAfter = seconds.ToString();
            return Task.CompletedTask;
        }
    }
}
