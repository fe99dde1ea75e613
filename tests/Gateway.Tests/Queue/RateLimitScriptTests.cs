using Gateway.Delivery;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Tests.Queue;

/// <summary>
/// The endpoint rate limit inside the claim (<c>Queue/Lua/lib/throttle.lua</c>), driven with explicit times against a
/// real store: a burst of a tenth of the rate (at least 1), then one attempt per interval, shared by every caller, and
/// messages over the limit left in the queue without an attempt spent.
/// </summary>
public abstract class RateLimitScriptTests : IDisposable
{
    private const long Now = 1_800_000_000_000;
    private const int Rate = 20; // a burst of 2, then one attempt every 50 ms
    private readonly RedisStore _store;
    private readonly DeliveryQueue _queue;
    private readonly DeliveryOptions _options = new();
    private readonly WebhookEndpoint _endpoint;

    protected RateLimitScriptTests(StoreFixture store)
    {
        _store = new RedisStore(Options.Create(new RedisOptions { Configuration = store.Configuration, KeyPrefix = $"gwr-{Guid.NewGuid():N}" }));
        _queue = new DeliveryQueue(_store, Options.Create(_options));
        _endpoint = new WebhookEndpoint
        {
            Id = $"ep_{Guid.NewGuid():N}", TenantId = "t_rate", Url = "http://127.0.0.1:9/hook", EventTypes = ["*"], Secret = "whsec_dGVzdA==",
            RateLimit = Rate,
        };
    }

    private string Endpoint => _endpoint.Id;

    private IDatabase Db => _store.Database;

    public void Dispose() => _store.Dispose();

    [Fact]
    public async Task Claim_RateLimit20_LeasesABurstOf2ThenOneEvery50Ms()
    {
        await EnqueueAsync(10);

        var burst = await _queue.ClaimAsync(Endpoint, 10, 10, Now, rateLimit: Rate);
        var early = await _queue.ClaimAsync(Endpoint, 10, 10, Now + 49, rateLimit: Rate);
        var onTime = await _queue.ClaimAsync(Endpoint, 10, 10, Now + 50, rateLimit: Rate);

        Assert.Equal(2, burst.Messages.Count);
        Assert.Equal(50, burst.ThrottledMs);
        Assert.Empty(early.Messages);
        Assert.Equal(1, early.ThrottledMs);
        Assert.Single(onTime.Messages);
        Assert.Equal(50, onTime.ThrottledMs);
        Assert.Equal(7, onTime.Remaining);
    }

    [Fact]
    public async Task Claim_OverTheLimit_LeavesMessagesReadyWithNoAttemptSpent()
    {
        await EnqueueAsync(5);

        await _queue.ClaimAsync(Endpoint, 10, 10, Now, rateLimit: Rate);

        Assert.Equal(3, await Db.ListLengthAsync(_store.Keys.Ready(Endpoint)));
        Assert.Equal(2, await Db.SortedSetLengthAsync(_store.Keys.Leases(Endpoint)));
        foreach (var id in await Db.ListRangeAsync(_store.Keys.Ready(Endpoint)))
        {
            Assert.Equal(0, QueuedMessage.Parse((string)(await Db.HashGetAsync(_store.Keys.Messages(Endpoint), id))!).Attempts);
        }
    }

    [Fact]
    public async Task Claim_TwoWorkersAtOnce_ShareOneBucket()
    {
        await EnqueueAsync(10);

        var first = await _queue.ClaimAsync(Endpoint, 10, 10, Now, rateLimit: Rate);
        var second = await _queue.ClaimAsync(Endpoint, 10, 10, Now, rateLimit: Rate);
        var lagging = await _queue.ClaimAsync(Endpoint, 10, 10, Now - 500, rateLimit: Rate); // a worker whose clock is behind

        Assert.Equal(2, first.Messages.Count);
        Assert.Empty(second.Messages);
        Assert.Empty(lagging.Messages);
        Assert.Equal(50, second.ThrottledMs);
    }

    [Fact]
    public async Task Claim_AfterAQuietSpell_BurstIsCappedAtATenth()
    {
        await EnqueueAsync(20);
        await _queue.ClaimAsync(Endpoint, 1, 20, Now, rateLimit: Rate);

        var afterTenSeconds = await _queue.ClaimAsync(Endpoint, 20, 20, Now + 10_000, rateLimit: Rate);

        Assert.Equal(2, afterTenSeconds.Messages.Count);
    }

    [Fact]
    public async Task Claim_InFlightCapReachedOrNothingReady_IsNotThrottledAndSpendsNoToken()
    {
        await EnqueueAsync(3);
        var capped = await _queue.ClaimAsync(Endpoint, 10, 1, Now, rateLimit: Rate);
        var full = await _queue.ClaimAsync(Endpoint, 10, 1, Now + 1, rateLimit: Rate);
        Assert.Single(capped.Messages);
        Assert.Empty(full.Messages);
        Assert.Equal(0, full.ThrottledMs); // waits for its in-flight slot, not for a token

        var other = $"ep_{Guid.NewGuid():N}";
        var empty = await _queue.ClaimAsync(other, 10, 10, Now, rateLimit: 1);
        Assert.Equal(0, empty.ThrottledMs);
        Assert.False(await Db.KeyExistsAsync(_store.Keys.Throttle(other)));
    }

    [Fact]
    public async Task Claim_RateLimit1_OneAttemptASecond()
    {
        await EnqueueAsync(3);

        Assert.Single((await _queue.ClaimAsync(Endpoint, 10, 10, Now, rateLimit: 1)).Messages);
        var waiting = await _queue.ClaimAsync(Endpoint, 10, 10, Now + 1, rateLimit: 1);
        Assert.Empty(waiting.Messages);
        Assert.Equal(999, waiting.ThrottledMs);
        Assert.Single((await _queue.ClaimAsync(Endpoint, 10, 10, Now + 1000, rateLimit: 1)).Messages);
    }

    [Fact]
    public async Task Settle_AckWithClaimNext_TakesATokenOrLeavesTheNextMessageQueued()
    {
        await EnqueueAsync(4);
        var leased = (await _queue.ClaimAsync(Endpoint, 10, 10, Now, rateLimit: Rate)).Messages;

        var withToken = await _queue.SettleAsync(_endpoint, SettleMode.Ack, leased[0], Now + 50, "", claimNextCap: 10);
        var without = await _queue.SettleAsync(_endpoint, SettleMode.Ack, leased[1], Now + 60, "", claimNextCap: 10);

        Assert.NotNull(withToken.Next);
        Assert.Null(without.Next);
        Assert.Equal(1, await Db.ListLengthAsync(_store.Keys.Ready(Endpoint)));
    }

    [Fact]
    public async Task AckBatch_ClaimNext_TakesTokensFromTheSameBucket()
    {
        await EnqueueAsync(6);
        var leased = (await _queue.ClaimAsync(Endpoint, 10, 10, Now, rateLimit: Rate)).Messages;
        var batcher = new AckBatcher(_store, Options.Create(_options), Options.Create(new EngineOptions()));

        var acks = await Task.WhenAll(leased.Select(m => batcher.AckAsync(_endpoint, m, Now + 50, "", claimNextCap: 10)));

        Assert.All(acks, a => Assert.True(a.Owned));
        Assert.Equal(1, acks.Count(a => a.Next is not null));
        Assert.Equal(3, await Db.ListLengthAsync(_store.Keys.Ready(Endpoint)));
    }

    private async Task EnqueueAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _queue.EnqueueAsync(Endpoint, $"msg_{i:D3}", new QueuedMessage(3, "evt_test", "order.completed", Now, Attempts: 0, FirstAttemptMs: 0), 0);
        }
    }
}

[Collection(RedisCollection.Name)]
public sealed class RateLimitScriptOnRedisTests(RedisFixture store) : RateLimitScriptTests(store);

[Collection(GarnetCollection.Name)]
public sealed class RateLimitScriptOnGarnetTests(GarnetFixture store) : RateLimitScriptTests(store);
