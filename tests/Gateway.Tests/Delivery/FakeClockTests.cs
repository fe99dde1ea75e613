using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Delivery;

/// <summary>Delays and backoff driven by a fake clock instead of sleeping.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class FakeClockTests(RedisFixture store) : IAsyncLifetime
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
            ["Delivery:RetrySchedule"] = "01:00:00,02:00:00",
            ["Delivery:Jitter"] = "0",
            ["Delivery:BreakerFailureThreshold"] = "1000",
            ["Delivery:DisableAfter"] = "02:30:00",
        }, _clock);
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Delay_EndpointWithDelaySeconds_SendsOnlyWhenTheClockReachesIt()
    {
        var tenant = await _factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, new { delaySeconds = 600 });
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());

        await Task.Delay(1000);
        Assert.Empty(_receiver.Requests);

        _clock.Advance(TimeSpan.FromSeconds(599));
        await Task.Delay(500);
        Assert.Empty(_receiver.Requests);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await _receiver.WaitForAsync(r => r.Count == 1, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Backoff_FailedAttempt_RetriesAfterTheScheduledHour()
    {
        _receiver.Respond = (_, n) => Task.FromResult(n == 1 ? Results.StatusCode(502) : Results.Ok());
        var tenant = await _factory.CreateTenantAsync();
        var endpointId = await CreateEndpointAsync(tenant, null);
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await _receiver.WaitForAsync(r => r.Count == 1);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);

        _clock.Advance(TimeSpan.FromMinutes(59));
        await Task.Delay(500);
        Assert.Single(_receiver.Requests);

        _clock.Advance(TimeSpan.FromMinutes(2));
        var both = await _receiver.WaitForAsync(r => r.Count == 2, TimeSpan.FromSeconds(10));
        Assert.Equal(both[0].Id, both[1].Id);
        Assert.True(long.Parse(both[1].Timestamp) - long.Parse(both[0].Timestamp) >= 3600);
    }

    [Fact]
    public async Task AutoDisable_FailingLongerThanDisableAfterWithoutSuccess_DisablesWithReason()
    {
        _receiver.Respond = (_, _) => Task.FromResult(Results.StatusCode(500));
        var tenant = await _factory.CreateTenantAsync();
        var endpointId = await CreateEndpointAsync(tenant, null);
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        await _receiver.WaitForAsync(r => r.Count == 1);
        await tenant.WaitForFailedAttemptsAsync(endpointId, 1);

        // Retries come 1 h and then 2 h later; Delivery:DisableAfter is 2.5 h in this fixture.
        _clock.Advance(TimeSpan.FromMinutes(61));
        await _receiver.WaitForAsync(r => r.Count == 2, TimeSpan.FromSeconds(10));
        await tenant.WaitForFailedAttemptsAsync(endpointId, 2);
        var stillEnabled = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        Assert.False(stillEnabled.GetProperty("disabled").GetBoolean());

        _clock.Advance(TimeSpan.FromMinutes(121));
        await _receiver.WaitForAsync(r => r.Count == 3, TimeSpan.FromSeconds(10));
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
        (await tenant.CreateEndpointAsync(_receiver.Url("/clock"), ["*"], extra)).GetProperty("id").GetString()!;
}
