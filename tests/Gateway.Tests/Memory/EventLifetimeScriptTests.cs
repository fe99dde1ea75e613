using Gateway.Delivery;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Tests.Memory;

/// <summary>accept.lua's target marks, event-settled.lua and event-replayed.lua, driven directly on Redis 7 and Garnet.</summary>
public abstract class EventLifetimeScriptTests : IDisposable
{
    private const long Now = 1_800_000_000_000;
    private static readonly TimeSpan Retention = TimeSpan.FromDays(4);
    private readonly RedisStore _store;
    private readonly EngineOptions _options = new() { PayloadRetention = TimeSpan.FromMinutes(10) };
    private readonly EventLifetime _lifetime;
    private readonly string _eventId = "evt_3" + Guid.NewGuid().ToString("N")[..21];

    protected EventLifetimeScriptTests(StoreFixture store)
    {
        _store = new RedisStore(Options.Create(new RedisOptions { Configuration = store.Configuration, KeyPrefix = $"gwl-{Guid.NewGuid():N}" }));
        _lifetime = new EventLifetime(_store, Options.Create(_options));
    }

    private IDatabase Db => _store.Database;

    private RedisKey EventKey => _store.Keys.Event(3, _eventId);

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Accept_TwoTargets_MarksEachOnceAndKeepsTheRetention()
    {
        await AcceptAsync("ep_a:0,ep_b:30,ep_a:0");

        Assert.Equal(2, (long)await Db.HashGetAsync(EventKey, "n"));
        Assert.True(await Db.HashExistsAsync(EventKey, "p:ep_a"));
        Assert.True(await Db.HashExistsAsync(EventKey, "p:ep_b"));
        Assert.True(await Db.KeyTimeToLiveAsync(EventKey) > TimeSpan.FromDays(3));
    }

    [Fact]
    public async Task Accept_NoTarget_KeepsOnlyThePayloadRetention()
    {
        await AcceptAsync("");

        Assert.InRange(await Db.KeyTimeToLiveAsync(EventKey) ?? TimeSpan.MaxValue, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task Settled_SameTargetTwice_CountsOnce_TheLastShortensTheTtl()
    {
        await AcceptAsync("ep_a:0,ep_b:0");

        Assert.Equal(1, await _lifetime.TargetSettledAsync(3, _eventId, "ep_a"));
        Assert.Equal(-1, await _lifetime.TargetSettledAsync(3, _eventId, "ep_a"));
        Assert.True(await Db.KeyTimeToLiveAsync(EventKey) > TimeSpan.FromDays(3));
        Assert.Equal(0, await _lifetime.TargetSettledAsync(3, _eventId, "ep_b"));

        Assert.InRange(await Db.KeyTimeToLiveAsync(EventKey) ?? TimeSpan.MaxValue, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.False((await Db.HashGetAsync(EventKey, "b")).IsNull);
    }

    [Fact]
    public async Task Settled_NoPayloadRetention_DeletesTheEvent()
    {
        _options.PayloadRetention = TimeSpan.Zero;
        await AcceptAsync("ep_a:0");

        Assert.Equal(0, await _lifetime.TargetSettledAsync(3, _eventId, "ep_a"));

        Assert.False(await Db.KeyExistsAsync(EventKey));
    }

    [Fact]
    public async Task Settled_EventGone_ChangesNothing()
    {
        Assert.Equal(-1, await _lifetime.TargetSettledAsync(3, _eventId, "ep_a"));

        Assert.False(await Db.KeyExistsAsync(EventKey));
    }

    [Fact]
    public async Task Replayed_BodyDropped_RestoresItOnceWithAFreshMarkAndRetention()
    {
        var letter = Letter("{\"restored\":true}");

        await _lifetime.RestoreForReplayAsync("tn_1", letter, Retention);
        await _lifetime.RestoreForReplayAsync("tn_1", letter, Retention); // replayed twice: still one unsettled target

        Assert.Equal("{\"restored\":true}", (string?)await Db.HashGetAsync(EventKey, "b"));
        Assert.Equal("tn_1", (string?)await Db.HashGetAsync(EventKey, "t"));
        Assert.Equal(1, (long)await Db.HashGetAsync(EventKey, "n"));
        Assert.True(await Db.KeyTimeToLiveAsync(EventKey) > TimeSpan.FromDays(3));
        Assert.Equal(0, await _lifetime.TargetSettledAsync(3, _eventId, "ep_a"));
    }

    [Fact]
    public async Task Replayed_BodyStillThere_KeepsItAndAddsTheTarget()
    {
        await AcceptAsync("ep_a:0,ep_b:0");
        await _lifetime.TargetSettledAsync(3, _eventId, "ep_a");

        await _lifetime.RestoreForReplayAsync("tn_1", Letter("{\"other\":1}"), Retention);

        Assert.Equal("{}", (string?)await Db.HashGetAsync(EventKey, "b"));
        Assert.Equal(2, (long)await Db.HashGetAsync(EventKey, "n"));
    }

    [Fact]
    public async Task Replayed_NoCopyAndEventGone_CreatesNothing()
    {
        await _lifetime.RestoreForReplayAsync("tn_1", Letter(""), Retention);

        Assert.False(await Db.KeyExistsAsync(EventKey));
    }

    private Task AcceptAsync(string targets) => QueueScripts.Accept.EvaluateAsync(Db, new
    {
        traceParent = "",
        @event = EventKey, pending = (RedisKey)_store.Keys.PendingFanout(3), idempotency = (RedisKey)_store.Keys.Idempotency(3, "tn_1", ""),
        useIdempotency = "0", body = (RedisValue)"{}", tenant = "tn_1", eventType = "order.completed", receivedMs = Now,
        retentionMs = (long)Retention.TotalMilliseconds, targets, idempotencyMs = 1000L, record = "", eventId = _eventId,
        payloadRetentionMs = (long)_options.PayloadRetention.TotalMilliseconds,
    });

    private DeadLetter Letter(string body) => new(
        "msg_x", "ep_a", _eventId, "order.completed", 10, 500, "HTTP 500", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
        Now, 3, body);
}

[Collection(RedisCollection.Name)]
public sealed class EventLifetimeScriptOnRedisTests(RedisFixture store) : EventLifetimeScriptTests(store);

[Collection(GarnetCollection.Name)]
public sealed class EventLifetimeScriptOnGarnetTests(GarnetFixture store) : EventLifetimeScriptTests(store);
