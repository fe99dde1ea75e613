using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Delivery;

/// <summary>
/// The pump under an endpoint rate limit, on a fake clock: messages over the limit wait in the queue, spend no attempt,
/// and go when the clock reaches the next token, woken by the pump's one timer (nothing else moves the fake clock).
/// </summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class RateLimitPacingTests(RedisFixture store) : FakeClockGatewayTests(store)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:PollInterval"] = "01:00:00", // no safety-net poll within the test: only the token timer can wake the pump
    };

    [Fact]
    public async Task RateLimit1_ThreeQueued_OneGoesAtOnceTheOthersOneASecondOfTheClock()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(Receiver.Url("/paced"), ["*"], new { rateLimit = 1 })).GetProperty("id").GetString()!;
        for (var i = 0; i < 3; i++)
        {
            await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        }

        await Receiver.WaitForAsync(r => r.Count == 1);
        await WorkerLooksAgainAsync(); // the fake clock has not moved: nothing more may go
        Assert.Single(Receiver.Requests);

        Clock.Advance(TimeSpan.FromMilliseconds(999));
        await WorkerLooksAgainAsync();
        Assert.Single(Receiver.Requests);

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Receiver.WaitForAsync(r => r.Count == 2, TimeSpan.FromSeconds(10));
        Clock.Advance(TimeSpan.FromSeconds(1));
        var all = await Receiver.WaitForAsync(r => r.Count == 3, TimeSpan.FromSeconds(10));

        Assert.Equal(3, all.Select(r => r.Id).Distinct().Count());
        var stats = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats");
        Assert.Equal(0, stats.GetProperty("failedAttempts").GetInt64());
        Assert.Equal(3, stats.GetProperty("sent").GetInt64());
        var metrics = await Factory.CreateClient().GetStringAsync("/metrics");
        Assert.Contains($"gateway_endpoint_throttled_seconds_total{{tenant=\"{tenant.Id}\"}}", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RateLimitRaised_ThrottledQueue_GoesAtTheNewPace()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(Receiver.Url("/raised"), ["*"], new { rateLimit = 1 })).GetProperty("id").GetString()!;
        for (var i = 0; i < 6; i++)
        {
            await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        }

        await Receiver.WaitForAsync(r => r.Count == 1);
        (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{endpointId}", new { rateLimit = 100 })).EnsureSuccessStatusCode();
        var directory = Factory.Services.GetRequiredService<IEndpointDirectory>();
        await Until.TrueAsync(async () => (await directory.FindAsync(endpointId))?.RateLimit == 100, what: "the change reaches the worker's endpoint cache");

        // The next token of the old limit comes after 1 s; from then on the new limit's burst (10) drains the rest.
        Clock.Advance(TimeSpan.FromSeconds(1));
        await Receiver.WaitForAsync(r => r.Count == 6, TimeSpan.FromSeconds(10));
    }
}
