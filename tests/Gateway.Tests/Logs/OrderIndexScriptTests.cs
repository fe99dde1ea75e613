using System.Text;
using System.Text.Json;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Gateway.Tests.Logs;

/// <summary>
/// The order index as the settle scripts write it and <see cref="LogReader.OrderTimelineAsync"/> reads it, driven
/// directly through the queue on a fake clock: trimmed by the log retention, bounded key names, one order per key.
/// </summary>
public abstract class OrderIndexScriptTests(StoreFixture store) : IAsyncLifetime
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly WebhookEndpoint _endpoint = new()
    {
        Id = $"ep_{Guid.NewGuid():N}"[..25], TenantId = "t_index", Url = "http://127.0.0.1:9/hook", EventTypes = ["*"], Secret = "whsec_dGVzdA==",
    };

    private GatewayFactory _factory = null!;

    private DeliveryQueue Queue => _factory.Services.GetRequiredService<DeliveryQueue>();

    private LogReader Reader => _factory.Services.GetRequiredService<LogReader>();

    private IDatabase Db => _factory.Store.Database;

    private RedisKeys Keys => _factory.Store.Keys;

    private long Now => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    public Task InitializeAsync()
    {
        _factory = new GatewayFactory(store, new Dictionary<string, string?> { ["Delivery:LogRetention"] = "7.00:00:00" }, _clock);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Settle_AttemptsOlderThanTheRetention_LeaveTheIndexAndTheTimeline()
    {
        await AttemptAsync("evt_1old", "ORD-1", SettleMode.Retry, attempt: 1);
        _clock.Advance(Retention + TimeSpan.FromMinutes(1));

        Assert.Empty((await Reader.OrderTimelineAsync("ORD-1", [_endpoint.Id])).Events);

        await AttemptAsync("evt_1new", "ORD-1", SettleMode.Ack, attempt: 1);
        var key = Keys.OrderIndex(_endpoint.Id, OrderIndex.KeyOf("ORD-1"));
        Assert.Equal([OrderIndex.Member(Ids.Message("evt_1new", _endpoint.Id), 1)], (await Db.SortedSetRangeByRankAsync(key)).Select(m => (string)m!));
        Assert.InRange((await Db.KeyTimeToLiveAsync(key))!.Value, Retention - TimeSpan.FromMinutes(1), Retention);
        var timeline = await Reader.OrderTimelineAsync("ORD-1", [_endpoint.Id]);
        Assert.Equal(["evt_1new"], timeline.Events.Select(e => e.EventId));
    }

    [Fact]
    public async Task Settle_RetryThenAck_IndexesEachAttemptUnderItsOrderOnly()
    {
        await AttemptAsync("evt_2a", "ORD-2", SettleMode.Retry, attempt: 1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await AttemptAsync("evt_2a", "ORD-2", SettleMode.Ack, attempt: 2);
        await AttemptAsync("evt_2b", "ORD-other", SettleMode.Ack, attempt: 1);

        var timeline = await Reader.OrderTimelineAsync("ORD-2", [_endpoint.Id]);

        var delivery = Assert.Single(Assert.Single(timeline.Events).Deliveries);
        Assert.Equal("delivered", delivery.State);
        Assert.Equal([2, 1], delivery.Attempts.Select(a => a.Attempt));
        Assert.Equal(["success", "http_5xx"], delivery.Attempts.Select(a => a.Outcome));
        var retriedAt = delivery.Attempts[1].At.ToUnixTimeMilliseconds();
        var since = await Reader.OrderTimelineAsync("ORD-2", [_endpoint.Id], fromMs: retriedAt + 1);
        Assert.Equal([2], Assert.Single(Assert.Single(since.Events).Deliveries).Attempts.Select(a => a.Attempt));
        var before = await Reader.OrderTimelineAsync("ORD-2", [_endpoint.Id], toMs: retriedAt + 1);
        Assert.Equal([1], Assert.Single(Assert.Single(before.Events).Deliveries).Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public async Task Settle_LongObjectId_KeyIsBoundedAndStillFound()
    {
        var longId = new string('x', OrderIndex.MaxObjectIdLength);
        await AttemptAsync("evt_3a", longId, SettleMode.Ack, attempt: 1);

        var key = Keys.OrderIndex(_endpoint.Id, OrderIndex.KeyOf(longId));
        Assert.True(await Db.KeyExistsAsync(key));
        Assert.Equal(Keys.OrderIndex(_endpoint.Id, "").Length + OrderIndex.KeyLength, key.Length);
        Assert.Equal(["evt_3a"], (await Reader.OrderTimelineAsync(longId, [_endpoint.Id])).Events.Select(e => e.EventId));
    }

    // The batched acknowledgements (settle-acks.lua) run where one server holds every key: Redis and Garnet, not the cluster.
    protected async Task AckBatchIndexesEachAttemptUnderItsOrderAsync()
    {
        Assert.True(_factory.Store.IsSingleServer);
        var batcher = _factory.Services.GetRequiredService<AckBatcher>();
        var acks = new List<Task<SettleResult>>();
        foreach (var (eventId, objectId) in new[] { ("evt_4a", "ORD-4"), ("evt_4b", "ORD-4"), ("evt_4c", "ORD-5") })
        {
            var messageId = Ids.Message(eventId, _endpoint.Id);
            await Queue.EnqueueAsync(_endpoint.Id, messageId, new QueuedMessage(0, eventId, "order.created", Now, 0, 0), 0);
            var leased = (await Queue.ClaimAsync(_endpoint.Id, 10, 10, Now)).Messages.Single(m => m.MessageId == messageId);
            var record = new AttemptRecord(_clock.GetUtcNow(), messageId, eventId, "order.created", 1, "success", 200, 3.5, null, null);
            var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { objectId }));
            acks.Add(batcher.AckAsync(_endpoint, leased, Now, JsonSerializer.Serialize(record, GatewayJson.Options), 0, OrderIndex.EntryFor(body, messageId, 1)));
            _clock.Advance(TimeSpan.FromMilliseconds(5));
        }

        Assert.All(await Task.WhenAll(acks), a => Assert.True(a.Owned));
        var timeline = await Reader.OrderTimelineAsync("ORD-4", [_endpoint.Id]);
        Assert.Equal(["evt_4b", "evt_4a"], timeline.Events.Select(e => e.EventId));
        Assert.All(timeline.Events, e => Assert.Equal("delivered", Assert.Single(e.Deliveries).State));
        Assert.Equal(["evt_4c"], (await Reader.OrderTimelineAsync("ORD-5", [_endpoint.Id])).Events.Select(e => e.EventId));
    }

    [Fact]
    public void ObjectIdOf_ReadsTheTopLevelIdOnly()
    {
        Assert.Equal("ORD-9", OrderIndex.ObjectIdOf("""{"order":{"objectId":"nested"},"objectId":"ORD-9"}"""u8));
        Assert.Equal("1003", OrderIndex.ObjectIdOf("""{"objectId":1003}"""u8));
        Assert.Null(OrderIndex.ObjectIdOf("""{"order":{"objectId":"nested"}}"""u8));
        Assert.Null(OrderIndex.ObjectIdOf("""{"objectId":""}"""u8));
        Assert.Null(OrderIndex.ObjectIdOf("not json"u8));
        Assert.Null(OrderIndex.ObjectIdOf(Encoding.UTF8.GetBytes($$"""{"objectId":"{{new string('x', OrderIndex.MaxObjectIdLength + 1)}}"}""")));
    }

    // One attempt of the event's message at the endpoint, settled (and indexed) as the delivery processor does.
    private async Task AttemptAsync(string eventId, string objectId, SettleMode mode, int attempt)
    {
        var messageId = Ids.Message(eventId, _endpoint.Id);
        var message = new QueuedMessage(0, eventId, "order.completed", Now, attempt - 1, 0);
        await Queue.EnqueueAsync(_endpoint.Id, messageId, message, 0);
        var leased = (await Queue.ClaimAsync(_endpoint.Id, 10, 10, Now)).Messages.Single(m => m.MessageId == messageId);
        var success = mode == SettleMode.Ack;
        var record = new AttemptRecord(_clock.GetUtcNow(), messageId, eventId, "order.completed", attempt, success ? "success" : "http_5xx",
            success ? 200 : 503, 12.5, success ? null : "503", null);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { subject = "order", objectId }));
        var settled = await Queue.SettleAsync(_endpoint, mode, leased, Now, JsonSerializer.Serialize(record, GatewayJson.Options),
            message with { Attempts = attempt }, Now, indexed: OrderIndex.EntryFor(body, messageId, attempt));
        Assert.True(settled.Owned);
    }
}

[Collection(RedisApiCollection.Name)]
public sealed class OrderIndexScriptOnRedisTests(RedisFixture store) : OrderIndexScriptTests(store)
{
    [Fact]
    public Task AckBatch_IndexesEachAcknowledgedAttemptUnderItsOrder() => AckBatchIndexesEachAttemptUnderItsOrderAsync();
}

[Collection(GarnetCollection.Name)]
public sealed class OrderIndexScriptOnGarnetTests(GarnetFixture store) : OrderIndexScriptTests(store)
{
    [Fact]
    public Task AckBatch_IndexesEachAcknowledgedAttemptUnderItsOrder() => AckBatchIndexesEachAttemptUnderItsOrderAsync();
}

[Collection(ClusterCollection.Name)]
public sealed class OrderIndexScriptOnClusterTests(ClusterFixture store) : OrderIndexScriptTests(store);
