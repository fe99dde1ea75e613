using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Logs;

/// <summary>Logs and activity expire after <c>Delivery:LogRetention</c> and stay within their counts (fake clock, no sleeping).</summary>
[Collection(RedisApiCollection.Name)]
public sealed class RetentionTests(RedisFixture store) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private GatewayFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Delivery:LogRetention"] = "7.00:00:00",
            ["Delivery:AttemptLogSize"] = "3",
        }, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task BlockedLog_OlderThanRetention_NotListedThenPruned()
    {
        var (tenant, endpoint) = await TenantWithFilterAsync();
        await BlockAsync(tenant);
        Assert.Equal(1, (await tenant.GetAsync("/v1/logs?state=filtered")).GetProperty("data").GetArrayLength());

        _clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(61)); // activity is kept by whole hours: pass the next hour too

        Assert.Equal(0, (await tenant.GetAsync("/v1/logs?state=filtered")).GetProperty("data").GetArrayLength());
        Assert.Equal(0, (await tenant.GetAsync($"/v1/endpoints/{endpoint}/filtered")).GetProperty("data").GetArrayLength());
        await BlockAsync(tenant);
        var db = _factory.Store.Database;
        Assert.Equal(1, await db.SortedSetLengthAsync(_factory.Store.Keys.Filtered(endpoint)));
        // The hour of the first event left the activity hash when the new hour was counted; all-time still counts both.
        var hours = (await db.HashKeysAsync(_factory.Store.Keys.Activity(endpoint))).Select(k => (string)k!).ToList();
        Assert.Equal([$"{_clock.GetUtcNow().ToUnixTimeSeconds() / 3600}:filtered"], hours);
        Assert.True(await db.KeyTimeToLiveAsync(_factory.Store.Keys.Filtered(endpoint)) <= TimeSpan.FromDays(7));
        var stats = await tenant.GetAsync($"/v1/endpoints/{endpoint}/stats");
        Assert.Equal((2, 1), (stats.Long("filtered"), stats.GetProperty("range").Long("filtered")));
    }

    [Fact]
    public async Task BlockedLog_MoreThanTheLogSize_KeepsTheNewest()
    {
        var (tenant, endpoint) = await TenantWithFilterAsync();
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await BlockAsync(tenant));
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var listed = await tenant.AllPagesAsync("/v1/logs?state=filtered", limit: 2);

        Assert.Equal(3, await _factory.Store.Database.SortedSetLengthAsync(_factory.Store.Keys.Filtered(endpoint)));
        Assert.Equal([ids[4], ids[3], ids[2]], listed.Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal(5, (await tenant.GetAsync($"/v1/endpoints/{endpoint}/stats")).Long("filtered"));
    }

    private async Task<(TenantClient Tenant, string Endpoint)> TenantWithFilterAsync()
    {
        var tenant = await _factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new
        {
            url = "http://127.0.0.1:9/hook",
            eventTypes = new[] { "*" },
            filter = JsonDocument.Parse("""{"$orderTotal": {"gt": 1000}}""").RootElement,
        });
        return (tenant, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
    }

    private static async Task<string> BlockAsync(TenantClient tenant)
    {
        var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order(price: 1m));
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }
}

/// <summary>Dead letters stay within <c>Delivery:DeadLetterLimit</c>, the oldest going first.</summary>
[Collection(RedisApiCollection.Name)]
public sealed class DeadLetterLimitTests(RedisFixture store) : DeliveryTestBase(store)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "",
        ["Delivery:DeadLetterLimit"] = "2",
    };

    [Fact]
    public async Task DeadLetters_BeyondTheLimit_OldestDropped()
    {
        Receiver.Respond = (_, _) => Task.FromResult(Results.StatusCode(500));
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, _) = await CreateEndpointAsync(tenant, Receiver.Url("/down"));
        var events = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            events.Add(await SendAsync(tenant));
            await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{endpoint}/stats"), s => s.Long("deadLettered") == i + 1);
        }

        var letters = (await tenant.GetAsync($"/v1/endpoints/{endpoint}/dead-letters")).GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([events[2], events[1]], letters.Select(l => l.GetProperty("eventId").GetString()));
        Assert.Equal(2, await Factory.Store.Database.HashLengthAsync(Factory.Store.Keys.DeadLetterRecords(endpoint)));
        Assert.Equal(3, (await tenant.GetAsync($"/v1/endpoints/{endpoint}/stats")).Long("deadLettered"));
    }
}
