using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Dispatch;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Delivery;

/// <summary>Retry-After and the circuit breaker, driven by a fake clock instead of waiting on the wall clock.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class StatusHandlingTests(RedisFixture store) : FakeClockGatewayTests(store)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "01:00:00,01:00:00,01:00:00",
        ["Delivery:BreakerFailureThreshold"] = "3",
        ["Delivery:BreakerBreakDuration"] = "00:00:30",
    };

    [Fact]
    public async Task Deliver_EndpointReturns429WithRetryAfter_WaitsThatLong()
    {
        // Scheduled 1 h; Retry-After asks 90 min, within the bound of twice the schedule.
        Receiver.Respond = (_, n) => Task.FromResult<IResult>(n == 1 ? new RetryAfterResult(5400) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(Receiver.Url("/limited"), ["*"])).GetProperty("id").GetString()!;
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await Receiver.WaitForAsync(r => r.Count == 1);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);

        Clock.Advance(TimeSpan.FromMinutes(61)); // the schedule alone would retry now
        await WorkerLooksAgainAsync();
        Assert.Single(Receiver.Requests);

        Clock.Advance(TimeSpan.FromMinutes(30));
        var both = await Receiver.WaitForAsync(r => r.Count == 2, TimeSpan.FromSeconds(10));
        Assert.True(long.Parse(both[1].Timestamp) - long.Parse(both[0].Timestamp) >= 5400);
    }

    [Fact]
    public async Task Breaker_OpensOnRepeatedFailures_PausesTheQueue_ClosesAfterAGoodProbe()
    {
        var healthy = false;
        Receiver.Respond = (_, _) => Task.FromResult(healthy ? Results.Ok() : Results.StatusCode(500));
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(Receiver.Url("/breaker"), ["*"])).GetProperty("id").GetString()!;
        var breaker = Factory.Services.GetRequiredService<EndpointBreakers>().For(endpointId, tenant.Id);
        for (var i = 0; i < 3; i++)
        {
            await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        }

        await Receiver.WaitForAsync(r => r.Count == 3);
        await Until.TrueAsync(() => breaker.State.CircuitState == CircuitState.Open);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 3);

        // While the circuit is open the queue waits: a new event is not attempted, however long the wall clock runs.
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await WorkerLooksAgainAsync();
        Assert.Equal(3, Receiver.Requests.Count);

        healthy = true;
        Clock.Advance(TimeSpan.FromSeconds(31)); // the break is over: a probe goes, succeeds, and the queue drains
        await Receiver.WaitForAsync(r => r.Count >= 4, TimeSpan.FromSeconds(10));
        await Until.TrueAsync(() => breaker.State.CircuitState == CircuitState.Closed);
        Clock.Advance(TimeSpan.FromMinutes(61)); // the three failed messages' retries
        var stats = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats"),
            s => s.GetProperty("sent").GetInt64() == 4);
        Assert.Equal(0, stats.GetProperty("deadLettered").GetInt64());
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
