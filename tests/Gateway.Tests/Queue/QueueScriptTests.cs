using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Tests.Queue;

/// <summary>The queue's Lua scripts, driven directly through <see cref="DeliveryQueue"/> against a real store.</summary>
public abstract class QueueScriptTests : IDisposable
{
    private const long Now = 1_800_000_000_000;
    private readonly RedisStore _store;
    private readonly DeliveryQueue _queue;
    private readonly DeliveryOptions _options = new() { RequestTimeout = TimeSpan.FromSeconds(10), ConnectTimeout = TimeSpan.FromSeconds(5), LeaseMargin = TimeSpan.FromSeconds(5) };
    private readonly WebhookEndpoint _subscriber = new()
    {
        Id = $"ep_{Guid.NewGuid():N}", TenantId = "t_queue", Url = "http://127.0.0.1:9/hook", EventTypes = ["*"], Secret = "whsec_dGVzdA==",
    };

    protected QueueScriptTests(StoreFixture store)
    {
        _store = new RedisStore(Options.Create(new RedisOptions { Configuration = store.Configuration, KeyPrefix = $"gwq-{Guid.NewGuid():N}" }));
        _queue = new DeliveryQueue(_store, Options.Create(_options));
    }

    private string Endpoint => _subscriber.Id;

    private long LeaseMs => (long)_options.LeaseDuration.TotalMilliseconds;

    private IDatabase Db => _store.Database;

    private RedisKeys Keys => _store.Keys;

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Enqueue_SameMessageTwice_QueuesItOnce()
    {
        Assert.True(await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), 0));
        Assert.False(await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), 0));
        Assert.False(await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), Now + 1000));

        Assert.Equal(1, await Db.ListLengthAsync(Keys.Ready(Endpoint)));
        Assert.Equal(0, await Db.SortedSetLengthAsync(Keys.Scheduled(Endpoint)));
        Assert.Equal(1, await Db.HashLengthAsync(Keys.Messages(Endpoint)));
    }

    [Fact]
    public async Task Claim_MoreReadyThanTheCap_LeasesOnlyUpToTheCapAcrossClaims()
    {
        for (var i = 0; i < 5; i++)
        {
            await _queue.EnqueueAsync(Endpoint, $"msg_{i}", Message(), 0);
        }

        var first = await _queue.ClaimAsync(Endpoint, max: 10, cap: 3, Now);
        var second = await _queue.ClaimAsync(Endpoint, max: 10, cap: 3, Now); // another worker: the cap is shared

        Assert.Equal(["msg_0", "msg_1", "msg_2"], first.Messages.Select(m => m.MessageId));
        Assert.Empty(second.Messages);
        Assert.Equal(2, second.Remaining);
        Assert.Equal(3, await Db.SortedSetLengthAsync(Keys.Leases(Endpoint)));
    }

    [Fact]
    public async Task Claim_LeaseExpired_ReclaimsTheMessageForAnotherWorker()
    {
        await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), 0);
        var first = await _queue.ClaimAsync(Endpoint, 1, 10, Now);
        Assert.Single(first.Messages);

        Assert.Empty((await _queue.ClaimAsync(Endpoint, 1, 10, Now + LeaseMs - 1)).Messages);
        var again = await _queue.ClaimAsync(Endpoint, 1, 10, Now + LeaseMs + 1);

        var reclaimed = Assert.Single(again.Messages);
        Assert.Equal("msg_a", reclaimed.MessageId);
        Assert.NotEqual(first.Messages[0].LeaseToken, reclaimed.LeaseToken);
    }

    [Fact]
    public async Task Settle_WithAStaleLeaseToken_DoesNothing()
    {
        await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), 0);
        var stale = (await _queue.ClaimAsync(Endpoint, 1, 10, Now)).Messages[0];
        var current = (await _queue.ClaimAsync(Endpoint, 1, 10, Now + LeaseMs + 1)).Messages[0]; // the lease expired and moved on

        var late = await _queue.SettleAsync(_subscriber, SettleMode.Ack, stale, Now + LeaseMs + 2, "");

        Assert.False(late.Owned);
        Assert.True(await Db.HashExistsAsync(Keys.Messages(Endpoint), "msg_a"));
        Assert.Equal(current.LeaseToken, (long)(await Db.SortedSetScoreAsync(Keys.Leases(Endpoint), "msg_a"))!);
        Assert.True((await _queue.SettleAsync(_subscriber, SettleMode.Ack, current, Now + LeaseMs + 3, "")).Owned);
        Assert.False(await Db.HashExistsAsync(Keys.Messages(Endpoint), "msg_a"));
    }

    [Fact]
    public async Task Claim_ScheduledWork_IsPromotedOnlyWhenDue()
    {
        await _queue.EnqueueAsync(Endpoint, "msg_later", Message(), Now + 5000);

        var early = await _queue.ClaimAsync(Endpoint, 1, 10, Now + 4999);
        var due = await _queue.ClaimAsync(Endpoint, 1, 10, Now + 5000);

        Assert.Empty(early.Messages);
        Assert.Equal(Now + 5000, early.NextDueMs);
        Assert.Equal("msg_later", Assert.Single(due.Messages).MessageId);
    }

    [Fact]
    public async Task Settle_Retry_SchedulesTheMessageWithItsNewRecord()
    {
        await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), 0);
        var leased = (await _queue.ClaimAsync(Endpoint, 1, 10, Now)).Messages[0];

        var settled = await _queue.SettleAsync(_subscriber, SettleMode.Retry, leased, Now, "", Message() with { Attempts = 1 }, dueMs: Now + 60_000);

        Assert.True(settled.Owned);
        Assert.Equal(Now, settled.FailingSinceMs);
        Assert.Equal(Now + 60_000, (long)(await Db.SortedSetScoreAsync(Keys.Scheduled(Endpoint), "msg_a"))!);
        Assert.Equal(1, QueuedMessage.Parse((string)(await Db.HashGetAsync(Keys.Messages(Endpoint), "msg_a"))!).Attempts);
        Assert.Empty((await _queue.ClaimAsync(Endpoint, 1, 10, Now + 59_999)).Messages);
    }

    [Fact]
    public async Task Settle_AckWithClaimNext_LeasesTheNextMessageInTheSameCall()
    {
        await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), 0);
        await _queue.EnqueueAsync(Endpoint, "msg_b", Message(), 0);
        var leased = (await _queue.ClaimAsync(Endpoint, 1, 10, Now)).Messages[0];

        var settled = await _queue.SettleAsync(_subscriber, SettleMode.Ack, leased, Now, "", claimNextCap: 10);

        Assert.Equal("msg_b", settled.Next?.MessageId);
        Assert.Equal(1, await Db.SortedSetLengthAsync(Keys.Leases(Endpoint)));
    }

    [Fact]
    public async Task DeadLetters_AreTrimmedByCountAndByAge()
    {
        _options.DeadLetterLimit = 3;
        _options.LogRetention = TimeSpan.FromHours(1);
        for (var i = 0; i < 5; i++)
        {
            await _queue.EnqueueAsync(Endpoint, $"msg_{i}", Message(), 0);
            var leased = (await _queue.ClaimAsync(Endpoint, 1, 10, Now + i)).Messages[0];
            await _queue.SettleAsync(_subscriber, SettleMode.DeadLetter, leased, Now + i, "", deadRecord: $"record {i}");
        }

        // By count: only the newest three remain, with their records.
        Assert.Equal(["msg_2", "msg_3", "msg_4"], (await Db.SortedSetRangeByRankAsync(Keys.DeadLetters(Endpoint))).Select(v => (string)v!));
        Assert.Equal(3, await Db.HashLengthAsync(Keys.DeadLetterRecords(Endpoint)));

        // By age: a dead letter settled more than the retention later drops the older ones.
        var later = Now + (long)TimeSpan.FromHours(1).TotalMilliseconds + 10;
        await _queue.EnqueueAsync(Endpoint, "msg_late", Message(), 0);
        var last = (await _queue.ClaimAsync(Endpoint, 1, 10, later)).Messages[0];
        await _queue.SettleAsync(_subscriber, SettleMode.DeadLetter, last, later, "", deadRecord: "record late");

        Assert.Equal(["msg_late"], (await Db.SortedSetRangeByRankAsync(Keys.DeadLetters(Endpoint))).Select(v => (string)v!));
        Assert.Equal(["msg_late"], (await Db.HashKeysAsync(Keys.DeadLetterRecords(Endpoint))).Select(v => (string)v!));
    }

    [Fact]
    public async Task Replay_DeadLetter_GoesBackToReadyOnce()
    {
        await _queue.EnqueueAsync(Endpoint, "msg_a", Message(), 0);
        var leased = (await _queue.ClaimAsync(Endpoint, 1, 10, Now)).Messages[0];
        await _queue.SettleAsync(_subscriber, SettleMode.DeadLetter, leased, Now, "", deadRecord: "record");

        Assert.True(await _queue.ReplayAsync(Endpoint, "msg_a", Message(), Now + 1));
        Assert.False(await _queue.ReplayAsync(Endpoint, "msg_a", Message(), Now + 1));

        Assert.Equal("msg_a", Assert.Single((await _queue.ClaimAsync(Endpoint, 1, 10, Now + 1)).Messages).MessageId);
        Assert.Equal(0, await Db.SortedSetLengthAsync(Keys.DeadLetters(Endpoint)));
    }

    private static QueuedMessage Message() => new(3, "evt_test", "order.completed", Now, Attempts: 0, FirstAttemptMs: 0);
}

[Collection(RedisCollection.Name)]
public sealed class QueueScriptOnRedisTests(RedisFixture store) : QueueScriptTests(store);

[Collection(GarnetCollection.Name)]
public sealed class QueueScriptOnGarnetTests(GarnetFixture store) : QueueScriptTests(store);
