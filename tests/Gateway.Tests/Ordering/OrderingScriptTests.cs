using System.Text.Json;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Ordering;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Ordering;

/// <summary>
/// The ordered-group moves of the queue's scripts (enqueue, claim, settle, replay, drop-dead and lib/ordering.lua),
/// driven directly through <see cref="DeliveryQueue"/> with explicit clock values, on each store.
/// </summary>
public abstract class OrderingScriptTests(StoreFixture store) : IAsyncLifetime
{
    private const long T0 = 1_800_000_000_000;
    private GatewayFactory _factory = null!;

    private DeliveryQueue Queue => _factory.Services.GetRequiredService<DeliveryQueue>();

    private RedisStore Store => _factory.Store;

    private long LeaseMs => (long)_factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Gateway.Delivery.Dispatch.DeliveryOptions>>().Value.LeaseDuration.TotalMilliseconds;

    public Task InitializeAsync()
    {
        _factory = new GatewayFactory(store, new Dictionary<string, string?> { ["Delivery:DeadLetterLimit"] = "3" });
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Enqueue_SecondMessageOfAGroup_WaitsBehindItsHead_WhileOtherGroupsAreReady()
    {
        var ep = Endpoint();
        await EnqueueAsync(ep, "m1", "A");
        await EnqueueAsync(ep, "m2", "A");
        await EnqueueAsync(ep, "m3", "B");
        await EnqueueAsync(ep, "m4", "");

        Assert.False(await Queue.EnqueueAsync(ep.Id, "m2", Message("A"), 0));
        var claimed = await Queue.ClaimAsync(ep.Id, 10, 10, T0);
        Assert.Equal(["m1", "m3", "m4"], claimed.Messages.Select(m => m.MessageId).Order());
        Assert.Equal("A", claimed.Messages.Single(m => m.MessageId == "m1").Message.Group);
        var counts = await Queue.CountsAsync(ep.Id);
        Assert.Equal(1, counts.Waiting);
        Assert.Equal(4, counts.Pending);
        Assert.Equal(2, (await Queue.GroupCountsAsync(ep.Id)).Groups);
    }

    [Fact]
    public async Task AckOfTheHead_LetsTheNextIn_InAcceptedOrder_AndTheLastAckEndsTheGroup()
    {
        var ep = Endpoint();
        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            await EnqueueAsync(ep, id, "A");
        }

        var m1 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages);
        Assert.Equal("m1", m1.MessageId);
        var settled = await Queue.SettleAsync(ep, SettleMode.Ack, m1, T0 + 1, "", claimNextCap: 10);
        Assert.True(settled.Owned);
        Assert.Equal("m2", settled.Next?.MessageId);
        var afterM2 = await Queue.SettleAsync(ep, SettleMode.Ack, settled.Next!, T0 + 2, "");
        Assert.Null(afterM2.Next);
        var m3 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 3)).Messages);
        Assert.Equal("m3", m3.MessageId);
        await Queue.SettleAsync(ep, SettleMode.Ack, m3, T0 + 4, "");

        Assert.Equal(0, (await Queue.GroupCountsAsync(ep.Id)).Groups);
        Assert.Equal(0, (await Queue.CountsAsync(ep.Id)).Waiting);
        Assert.False(await Store.Database.KeyExistsAsync(Store.Keys.GroupPrefix(ep.Id) + "A"));
    }

    [Fact]
    public async Task RetryOfTheHead_BlocksOnlyItsGroup_AndTheHeadIsClaimedAgainWhenDue_NotItsSuccessor()
    {
        var ep = Endpoint();
        await EnqueueAsync(ep, "m1", "A");
        await EnqueueAsync(ep, "m2", "A");
        await EnqueueAsync(ep, "b1", "B");
        var first = await Queue.ClaimAsync(ep.Id, 1, 10, T0);
        var m1 = Assert.Single(first.Messages);
        await Queue.SettleAsync(ep, SettleMode.Retry, m1, T0 + 10, "", m1.Message with { Attempts = 1, FirstAttemptMs = T0 + 10 }, dueMs: T0 + 1000);

        Assert.Equal(["b1"], (await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 500)).Messages.Select(m => m.MessageId));
        var blocked = Assert.Single(await Queue.BlockedGroupsAsync(ep.Id, 10));
        Assert.Equal(("A", "m1", 1, 1L, false), (blocked.Key, blocked.HeadMessageId, blocked.Attempts, blocked.Waiting, blocked.Paused));
        Assert.Equal(T0 + 10, blocked.BlockedSince.ToUnixTimeMilliseconds());

        var again = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 1000)).Messages);
        Assert.Equal("m1", again.MessageId);
        var settled = await Queue.SettleAsync(ep, SettleMode.Ack, again, T0 + 1001, "", claimNextCap: 10);
        Assert.Equal("m2", settled.Next?.MessageId);
        Assert.Equal(0, settled.Next!.Message.Attempts); // waiting behind the head spent no attempt
        Assert.Empty(await Queue.BlockedGroupsAsync(ep.Id, 10));
    }

    [Fact]
    public async Task ExpiredLease_ReclaimsTheSameHead_AndTheStaleLeaseCannotLetTheNextIn()
    {
        var ep = Endpoint();
        await EnqueueAsync(ep, "m1", "A");
        await EnqueueAsync(ep, "m2", "A");
        var stale = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages);

        var reclaimed = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + LeaseMs + 1)).Messages);
        Assert.Equal("m1", reclaimed.MessageId);
        var late = await Queue.SettleAsync(ep, SettleMode.Ack, stale, T0 + LeaseMs + 2, "", claimNextCap: 10);
        Assert.False(late.Owned);
        Assert.Null(late.Next);
        Assert.Empty((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + LeaseMs + 3)).Messages);

        var settled = await Queue.SettleAsync(ep, SettleMode.Ack, reclaimed, T0 + LeaseMs + 4, "", claimNextCap: 10);
        Assert.Equal("m2", settled.Next?.MessageId);
    }

    [Fact]
    public async Task DeadHeadUnderSkip_NextCarriesTheSkippedIds_AndSkipsInARowAccumulate()
    {
        var ep = Endpoint();
        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            await EnqueueAsync(ep, id, "A");
        }

        var m1 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages);
        await DeadAsync(ep, m1, T0 + 1);
        var m2 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 2)).Messages);
        Assert.Equal(("m2", "m1"), (m2.MessageId, m2.Message.Skipped));
        await DeadAsync(ep, m2, T0 + 3);
        var m3 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 4)).Messages);
        Assert.Equal(("m3", "m1,m2", "A"), (m3.MessageId, m3.Message.Skipped, m3.Message.Group));
    }

    [Fact]
    public async Task DeadHeadUnderSkip_WithNothingWaiting_TheGroupsNextMessageCarriesTheSkippedId()
    {
        var ep = Endpoint();
        await EnqueueAsync(ep, "m1", "A");
        await DeadAsync(ep, Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages), T0 + 1);
        Assert.Equal(0, (await Queue.GroupCountsAsync(ep.Id)).Groups);

        await EnqueueAsync(ep, "m2", "A");
        await EnqueueAsync(ep, "b1", "B");
        var claimed = (await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 2)).Messages;
        Assert.Equal("m1", claimed.Single(m => m.MessageId == "m2").Message.Skipped);
        Assert.Equal("", claimed.Single(m => m.MessageId == "b1").Message.Skipped);
    }

    [Fact]
    public async Task DeadHeadUnderPause_HoldsTheGroup_UntilReplay_WhichGoesToTheGroupsTail()
    {
        var ep = Endpoint(ExhaustedAction.Pause);
        await EnqueueAsync(ep, "m1", "A");
        await EnqueueAsync(ep, "m2", "A");
        await DeadAsync(ep, Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages), T0 + 1);
        await EnqueueAsync(ep, "m3", "A");

        Assert.Empty((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 2)).Messages);
        var paused = Assert.Single(await Queue.BlockedGroupsAsync(ep.Id, 10));
        Assert.Equal(("m1", true, 2L, 1), (paused.HeadMessageId, paused.Paused, paused.Waiting, paused.Attempts));

        Assert.True(await Queue.ReplayAsync(ep.Id, "m1", Message("A"), T0 + 3));
        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var next = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 4 + i)).Messages);
            order.Add(next.MessageId);
            await Queue.SettleAsync(ep, SettleMode.Ack, next, T0 + 4 + i, "");
        }

        Assert.Equal(["m2", "m3", "m1"], order);
        Assert.Equal(0, (await Queue.GroupCountsAsync(ep.Id)).Groups);
    }

    [Fact]
    public async Task DeadHeadUnderPause_DeletingTheDeadLetter_ResumesTheGroupNamingIt()
    {
        var ep = Endpoint(ExhaustedAction.Pause);
        await EnqueueAsync(ep, "m1", "A");
        await EnqueueAsync(ep, "m2", "A");
        await DeadAsync(ep, Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages), T0 + 1);
        Assert.Empty((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 2)).Messages);

        Assert.True(await Queue.DropDeadLetterAsync(ep, "m1", T0 + 3));
        var m2 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 4)).Messages);
        Assert.Equal(("m2", "m1"), (m2.MessageId, m2.Message.Skipped));
        Assert.Empty(await Queue.BlockedGroupsAsync(ep.Id, 10));
        Assert.False(await Queue.DropDeadLetterAsync(ep, "m1", T0 + 5));
    }

    [Fact]
    public async Task PausedDeadLetterTrimmedByTheLimit_ResumesItsGroup()
    {
        var ep = Endpoint(ExhaustedAction.Pause);
        await EnqueueAsync(ep, "m1", "A");
        await EnqueueAsync(ep, "m2", "A");
        await DeadAsync(ep, Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages), T0 + 1);
        for (var i = 0; i < 3; i++)
        {
            await EnqueueAsync(ep, $"x{i}", "");
            await DeadAsync(ep, Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 10 + i)).Messages), T0 + 10 + i);
        }

        // The limit is 3 dead letters: the fourth pushed out m1, the oldest, which released its group.
        Assert.Null(await Store.Database.SortedSetScoreAsync(Store.Keys.DeadLetters(ep.Id), "m1"));
        var m2 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 20)).Messages);
        Assert.Equal(("m2", "m1"), (m2.MessageId, m2.Message.Skipped));
    }

    [Fact]
    public async Task GroupValueWithSeparators_IsKeptWhole()
    {
        var ep = Endpoint();
        const string group = "ord|42:a,b {x} ü";
        await EnqueueAsync(ep, "m1", group);
        await EnqueueAsync(ep, "m2", group);
        var m1 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages);
        Assert.Equal(group, m1.Message.Group);
        await DeadAsync(ep, m1, T0 + 1);
        var m2 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 2)).Messages);
        Assert.Equal((group, "m1"), (m2.Message.Group, m2.Message.Skipped));
    }

    [Fact]
    public async Task ReplayOfASkippedDeadLetter_JoinsTheTailOfItsStillBusyGroup()
    {
        var ep = Endpoint();
        foreach (var id in new[] { "m1", "m2", "m3" })
        {
            await EnqueueAsync(ep, id, "A");
        }

        await DeadAsync(ep, Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0)).Messages), T0 + 1);
        Assert.True(await Queue.ReplayAsync(ep.Id, "m1", Message("A"), T0 + 2));
        var order = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var next = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 3 + i)).Messages);
            order.Add(next.MessageId);
            await Queue.SettleAsync(ep, SettleMode.Ack, next, T0 + 3 + i, "");
        }

        Assert.Equal(["m2", "m3", "m1"], order);
    }

    [Fact]
    public async Task DelayedEndpoint_NextOfAGroupIsScheduledAtItsOwnDueTime()
    {
        var ep = Endpoint() with { DelaySeconds = 60 };
        await Queue.EnqueueAsync(ep.Id, "m1", Message("A", T0), T0 + 60_000);
        await Queue.EnqueueAsync(ep.Id, "m2", Message("A", T0 + 1000), T0 + 61_000);
        Assert.Empty((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 59_000)).Messages);
        var m1 = Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 60_000)).Messages);
        await Queue.SettleAsync(ep, SettleMode.Ack, m1, T0 + 60_100, "");
        Assert.Empty((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 60_200)).Messages);
        Assert.Equal("m2", Assert.Single((await Queue.ClaimAsync(ep.Id, 10, 10, T0 + 61_000)).Messages).MessageId);
    }

    private static WebhookEndpoint Endpoint(ExhaustedAction onExhausted = ExhaustedAction.Skip) => new()
    {
        Id = Ids.New("ep"),
        TenantId = "t_ordering",
        Url = "http://127.0.0.1:9/hook",
        EventTypes = ["*"],
        Secret = "whsec_dGVzdA==",
        Ordering = new OrderingSettings { OnExhausted = onExhausted },
    };

    private static QueuedMessage Message(string group, long ingestedMs = T0) =>
        new(0, "evt_0" + Guid.NewGuid().ToString("N")[..20], "order.created", ingestedMs, 0, 0, group);

    private Task EnqueueAsync(WebhookEndpoint ep, string id, string group) => Queue.EnqueueAsync(ep.Id, id, Message(group), 0);

    private Task DeadAsync(WebhookEndpoint ep, LeasedMessage leased, long nowMs)
    {
        var m = leased.Message with { Attempts = leased.Message.Attempts + 1 };
        var record = new DeadLetter(leased.MessageId, ep.Id, m.EventId, m.EventType, m.Attempts, 500, "HTTP 500", DateTimeOffset.FromUnixTimeMilliseconds(nowMs),
            DateTimeOffset.FromUnixTimeMilliseconds(nowMs), DateTimeOffset.FromUnixTimeMilliseconds(nowMs), m.IngestedMs, m.Shard, "{}", m.IsOrdered ? m.Group : null);
        return Queue.SettleAsync(ep, SettleMode.DeadLetter, leased with { Message = m }, nowMs, "", deadRecord: JsonSerializer.Serialize(record, GatewayJson.Options));
    }
}

[Collection(RedisCollection.Name)]
public sealed class OrderingScriptOnRedisTests(RedisFixture store) : OrderingScriptTests(store);

[Collection(GarnetCollection.Name)]
public sealed class OrderingScriptOnGarnetTests(GarnetFixture store) : OrderingScriptTests(store);
