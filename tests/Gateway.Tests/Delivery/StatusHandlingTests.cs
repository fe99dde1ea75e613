using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;

namespace Gateway.Tests.Delivery;

[Collection(RedisCollection.Name)]
public sealed class RetryAfterTests(RedisFixture store) : DeliveryTestBase(store)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "00:00:00.500,00:00:00.500",
    };

    [Fact]
    public async Task Deliver_EndpointReturns429WithRetryAfter_WaitsThatLong()
    {
        Receiver.Respond = (_, n) =>
        {
            if (n == 1)
            {
                var result = Results.StatusCode(429);
                return Task.FromResult<IResult>(new RetryAfterResult(1));
            }

            return Task.FromResult(Results.Ok());
        };
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/limited"));
        await SendAsync(tenant);

        var requests = await Receiver.WaitForAsync(r => r.Count >= 2);

        // Scheduled 0.5 s; Retry-After asked 1 s, within the bound of twice the schedule, so about 1 s passes.
        var gap = requests[1].At - requests[0].At;
        Assert.True(gap >= TimeSpan.FromMilliseconds(900), $"the retry came after {gap.TotalMilliseconds:0} ms");
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

[Collection(RedisCollection.Name)]
public sealed class CircuitBreakerTests(RedisFixture store) : DeliveryTestBase(store)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "00:00:00.050,00:00:00.050,00:00:00.050,00:00:00.050,00:00:00.050,00:00:00.050,00:00:00.050,00:00:00.050",
        ["Delivery:BreakerFailureThreshold"] = "3",
        ["Delivery:BreakerBreakDuration"] = "00:00:01.500",
    };

    [Fact]
    public async Task Breaker_OpensOnRepeatedFailures_PausesTheQueue_ClosesAfterAGoodProbe()
    {
        var healthy = false;
        Receiver.Respond = (_, _) => Task.FromResult(healthy ? Results.Ok() : Results.StatusCode(500));
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/breaker"));
        var breakers = Factory.Services.GetRequiredService<EndpointBreakers>();
        await SendAsync(tenant);

        await Receiver.WaitForAsync(r => r.Count >= 3);
        var breaker = breakers.For(endpointId, tenant.Id);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (breaker.State.CircuitState != CircuitState.Open && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(CircuitState.Open, breaker.State.CircuitState);
        var whileOpen = Receiver.Requests.Count;
        await Task.Delay(1000);
        Assert.Equal(whileOpen, Receiver.Requests.Count); // the queue waits while the circuit is open

        healthy = true;
        await Receiver.WaitForAsync(r => r.Count > whileOpen, TimeSpan.FromSeconds(10));
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (breaker.State.CircuitState != CircuitState.Closed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(CircuitState.Closed, breaker.State.CircuitState);
        var stats = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats"),
            s => s.GetProperty("sent").GetInt64() == 1);
        Assert.Equal(0, stats.GetProperty("deadLettered").GetInt64());
    }
}
