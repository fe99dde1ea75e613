using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Delivery;

/// <summary>Delays and backoff driven by a fake clock instead of sleeping.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class FakeClockTests(RedisFixture store) : FakeClockGatewayTests(store)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "01:00:00,02:00:00",
        ["Delivery:BreakerFailureThreshold"] = "1000",
        ["Delivery:DisableAfter"] = "02:30:00",
    };

    [Fact]
    public async Task Delay_EndpointWithDelaySeconds_SendsOnlyWhenTheClockReachesIt()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, new { delaySeconds = 600 });
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());

        await WorkerLooksAgainAsync();
        Assert.Empty(Receiver.Requests);

        Clock.Advance(TimeSpan.FromSeconds(599));
        await WorkerLooksAgainAsync();
        Assert.Empty(Receiver.Requests);

        Clock.Advance(TimeSpan.FromSeconds(2));
        await Receiver.WaitForAsync(r => r.Count == 1, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Backoff_FailedAttempt_RetriesAfterTheScheduledHour()
    {
        Receiver.Respond = (_, n) => Task.FromResult(n == 1 ? Results.StatusCode(502) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = await CreateEndpointAsync(tenant, null);
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await Receiver.WaitForAsync(r => r.Count == 1);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);

        Clock.Advance(TimeSpan.FromMinutes(59));
        await WorkerLooksAgainAsync();
        Assert.Single(Receiver.Requests);

        Clock.Advance(TimeSpan.FromMinutes(2));
        var both = await Receiver.WaitForAsync(r => r.Count == 2, TimeSpan.FromSeconds(10));
        Assert.Equal(both[0].Id, both[1].Id);
        Assert.True(long.Parse(both[1].Timestamp) - long.Parse(both[0].Timestamp) >= 3600);
    }

    [Fact]
    public async Task AutoDisable_FailingLongerThanDisableAfterWithoutSuccess_DisablesWithReason()
    {
        Receiver.Respond = (_, _) => Task.FromResult(Results.StatusCode(500));
        var tenant = await Factory.CreateTenantAsync();
        var endpointId = await CreateEndpointAsync(tenant, null);
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await Receiver.WaitForAsync(r => r.Count == 1);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);

        // Retries come 1 h and then 2 h later; Delivery:DisableAfter is 2.5 h in this fixture.
        Clock.Advance(TimeSpan.FromMinutes(61));
        await Receiver.WaitForAsync(r => r.Count == 2, TimeSpan.FromSeconds(10));
        await tenant.WaitForFailedAttemptsAsync(endpointId, 2);
        var stillEnabled = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        Assert.False(stillEnabled.GetProperty("disabled").GetBoolean());

        Clock.Advance(TimeSpan.FromMinutes(121));
        await Receiver.WaitForAsync(r => r.Count == 3, TimeSpan.FromSeconds(10));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement endpoint;
        do
        {
            endpoint = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        }
        while (!endpoint.GetProperty("disabled").GetBoolean() && DateTime.UtcNow < deadline);

        Assert.True(endpoint.GetProperty("disabled").GetBoolean());
        Assert.Contains("failed since", endpoint.GetProperty("disabledReason").GetString());
    }

    private async Task<string> CreateEndpointAsync(TenantClient tenant, object? extra) =>
        (await tenant.CreateEndpointAsync(Receiver.Url("/clock"), ["*"], extra)).GetProperty("id").GetString()!;
}
