using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace Gateway.Tests.Memory;

/// <summary>An event's body leaves Redis once its last target has settled (plus <c>Gateway:PayloadRetention</c>), not after the whole retention.</summary>
[Collection(RedisCollection.Name)]
public sealed class PayloadLifetimeTests(RedisFixture store) : IAsyncLifetime
{
    private static readonly TimeSpan PayloadRetention = TimeSpan.FromMinutes(10);
    private Receiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await Receiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public async Task Deliver_EveryTargetDelivered_KeepsTheBodyOnlyThePayloadRetention()
    {
        await using var gateway = Gateway(roles: "api,worker");
        var tenant = await gateway.CreateTenantAsync();
        await tenant.CreateEndpointAsync(_receiver.Url("/a"), ["*"]);
        await tenant.CreateEndpointAsync(_receiver.Url("/b"), ["*"]);

        var eventId = await SendAsync(tenant);
        await _receiver.WaitForAsync(r => r.Count == 2);

        var ttl = await EventuallyAsync(() => TtlAsync(gateway, eventId), t => t <= PayloadRetention);
        Assert.True(ttl > TimeSpan.Zero, $"the body should stay {PayloadRetention} for the logs, not {ttl}");
    }

    [Fact]
    public async Task Deliver_OneTargetStillRetrying_KeepsTheBodyForTheRetention()
    {
        _receiver.Respond = (r, _) => Task.FromResult(r.Path == "/failing" ? Results.StatusCode(500) : Results.Ok());
        await using var gateway = Gateway(roles: "api,worker", ("Delivery:RetrySchedule", "01:00:00"));
        var tenant = await gateway.CreateTenantAsync();
        await tenant.CreateEndpointAsync(_receiver.Url("/ok"), ["*"]);
        var failing = (await tenant.CreateEndpointAsync(_receiver.Url("/failing"), ["*"])).GetProperty("id").GetString()!;

        var eventId = await SendAsync(tenant);
        await _receiver.WaitForAsync(r => r.Count == 2);
        await tenant.WaitForFailedAttemptsAsync(failing, 1);
        // The delivered target's mark is cleared without waiting for an answer: wait for that, not a fixed time.
        await Until.TrueAsync(async () => (long)await gateway.Store.Database.HashGetAsync(EventKey(gateway, eventId), "n") == 1, what: "one target is left on the event");

        Assert.True(await TtlAsync(gateway, eventId) > TimeSpan.FromDays(3), "a retry still needs the body");
        Assert.Equal(1, (long)await gateway.Store.Database.HashGetAsync(EventKey(gateway, eventId), "n"));
    }

    [Fact]
    public async Task Settle_SameTargetTwiceOrFanoutRerun_CountsItOnce()
    {
        await using var gateway = Gateway(roles: "api"); // no workers: the test settles by hand
        var tenant = await gateway.CreateTenantAsync();
        var a = (await tenant.CreateEndpointAsync(_receiver.Url("/a"), ["*"])).GetProperty("id").GetString()!;
        var b = (await tenant.CreateEndpointAsync(_receiver.Url("/b"), ["*"])).GetProperty("id").GetString()!;
        var eventId = await SendAsync(tenant);
        var shard = RedisKeys.ShardOf(eventId);
        var lifetime = gateway.Services.GetRequiredService<EventLifetime>();
        var db = gateway.Store.Database;

        // Fan-out recovery runs the fan-out again after a crash: queuing is idempotent and nothing is counted again.
        await Task.Delay(200); // the accept's own pending mark is cleared in a batch: let that land first
        await db.SortedSetAddAsync(gateway.Store.Keys.PendingFanout(shard), eventId, 0);
        var recovery = new FanoutRecovery(gateway.Store, gateway.Services.GetRequiredService<DeliveryQueue>(),
            gateway.Services.GetRequiredService<EventAcceptor>(), TimeProvider.System, NullLogger<FanoutRecovery>.Instance);
        Assert.True(await recovery.SweepAsync(TimeSpan.Zero) >= 1);
        Assert.Equal(2, (long)await db.HashGetAsync(EventKey(gateway, eventId), "n"));

        Assert.Equal(1, await lifetime.TargetSettledAsync(shard, eventId, a));
        Assert.Equal(-1, await lifetime.TargetSettledAsync(shard, eventId, a)); // a duplicate delivery of a's message
        Assert.True(await TtlAsync(gateway, eventId) > TimeSpan.FromDays(3), "b has not settled: its body must stay");

        Assert.Equal(0, await lifetime.TargetSettledAsync(shard, eventId, b));
        Assert.InRange(await TtlAsync(gateway, eventId), TimeSpan.FromSeconds(1), PayloadRetention);
    }

    [Fact]
    public async Task Accept_NoTarget_KeepsTheEventOnlyThePayloadRetention()
    {
        await using var gateway = Gateway(roles: "api");
        var tenant = await gateway.CreateTenantAsync();

        var eventId = await SendAsync(tenant);

        Assert.InRange(await TtlAsync(gateway, eventId), TimeSpan.FromSeconds(1), PayloadRetention);
    }

    [Fact]
    public async Task Replay_AfterTheBodyWasDropped_RestoresItFromTheDeadLetterAndDeliversIt()
    {
        var healthy = false;
        _receiver.Respond = (_, _) => Task.FromResult(healthy ? Results.Ok() : Results.StatusCode(500));
        // No retries, and no payload retention: the dead letter is the only copy left of the body.
        await using var gateway = Gateway(roles: "api,worker", ("Delivery:RetrySchedule", ""), ("Gateway:PayloadRetention", "00:00:00"));
        var tenant = await gateway.CreateTenantAsync();
        var endpoint = (await tenant.CreateEndpointAsync(_receiver.Url("/replay"), ["*"])).GetProperty("id").GetString()!;
        var eventId = await SendAsync(tenant);
        var first = (await _receiver.WaitForAsync(r => r.Count == 1))[0];

        var letters = await EventuallyAsync(
            async () => (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={endpoint}")).GetProperty("data"),
            d => d.GetArrayLength() == 1);
        await EventuallyAsync(async () => await gateway.Store.Database.KeyExistsAsync(EventKey(gateway, eventId)), exists => !exists);

        healthy = true;
        var replay = await tenant.Http.PostAsync($"/v1/dead-letters/{letters[0].GetProperty("id").GetString()}/replay", null);
        Assert.True(replay.IsSuccessStatusCode, await replay.Content.ReadAsStringAsync());

        var again = (await _receiver.WaitForAsync(r => r.Count == 2))[1];
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Body, again.Body);
        // Delivered: the restored copy goes again.
        await EventuallyAsync(async () => await gateway.Store.Database.KeyExistsAsync(EventKey(gateway, eventId)), exists => !exists);
    }

    private GatewayFactory Gateway(string roles, params (string Key, string? Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Gateway:Roles"] = roles,
            ["Gateway:PayloadRetention"] = PayloadRetention.ToString(),
            ["Delivery:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return new GatewayFactory(store, all);
    }

    private static async Task<string> SendAsync(TenantClient tenant)
    {
        var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static RedisKey EventKey(GatewayFactory gateway, string eventId) => gateway.Store.Keys.Event(RedisKeys.ShardOf(eventId), eventId);

    private static async Task<TimeSpan> TtlAsync(GatewayFactory gateway, string eventId) =>
        await gateway.Store.Database.KeyTimeToLiveAsync(EventKey(gateway, eventId)) ?? TimeSpan.MaxValue;

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        var last = await read();
        while (!done(last) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
            last = await read();
        }

        Assert.True(done(last), $"last seen: {last}");
        return last;
    }
}
