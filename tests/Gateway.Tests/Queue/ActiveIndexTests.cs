using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Queue;

/// <summary>The index of active endpoints: producers mark it after queuing, an idle pump takes its endpoint out
/// and puts it back when work is (or turned up) there, so no queued work is ever left unseen.</summary>
public abstract class ActiveIndexTests(StoreFixture store) : GatewayTestBase(store)
{
    private DeliveryQueue Queue => Factory.Services.GetRequiredService<DeliveryQueue>();

    // The tests write fixed endpoint ids under the host's key prefix: each needs its own.
    protected override bool HostPerTest => true;

    private Task<double?> ScoreAsync(string endpointId) =>
        Factory.Store.Database.SortedSetScoreAsync(Factory.Store.Keys.ActiveIndex(RedisKeys.ActiveShardOf(endpointId)), endpointId);

    private static QueuedMessage Message() => new(0, "evt_0index", "order.completed", 1, 0, 0);

    [Fact]
    public async Task Enqueue_MarksTheEndpointDueNow_AndAScheduledMessageDueAtItsTime_KeepingTheEarlierMark()
    {
        await Queue.EnqueueAsync("ep_later", "msg_1", Message(), dueMs: 5_000_000);
        Assert.Equal(5_000_000, await ScoreAsync("ep_later"));

        await Queue.EnqueueAsync("ep_later", "msg_2", Message(), dueMs: 9_000_000);
        Assert.Equal(5_000_000, await ScoreAsync("ep_later"));

        await Queue.EnqueueAsync("ep_later", "msg_3", Message(), dueMs: 0);
        Assert.Equal(0, await ScoreAsync("ep_later"));
        Assert.Contains("ep_later", await Queue.DueEndpointsAsync(RedisKeys.ActiveShardOf("ep_later"), 1, 100));
    }

    [Fact]
    public async Task Deactivate_KeepsAnEndpointWithWork_AtItsNextDueTime_AndDropsAnIdleOne()
    {
        await Queue.EnqueueAsync("ep_busy", "msg_1", Message(), dueMs: 0);
        Assert.Equal(0, await Queue.DeactivateAsync("ep_busy"));
        Assert.Equal(0, await ScoreAsync("ep_busy"));

        var claim = await Queue.ClaimAsync("ep_busy", 10, 10, nowMs: 1_000);
        Assert.Single(claim.Messages);
        // Leased: due when the lease runs out (a worker that died leaves it for another).
        var due = await Queue.DeactivateAsync("ep_busy");
        Assert.Equal(claim.Messages[0].LeaseToken, due);
        Assert.Equal(due, await ScoreAsync("ep_busy"));

        await Queue.EnqueueAsync("ep_idle", "msg_9", Message(), dueMs: 0);
        await Queue.ClaimAsync("ep_idle", 10, 10, nowMs: 1_000);
        await Factory.Store.Database.KeyDeleteAsync(Factory.Store.Keys.Leases("ep_idle"));
        Assert.Equal(-1, await Queue.DeactivateAsync("ep_idle"));
        Assert.Null(await ScoreAsync("ep_idle"));
    }
}

[Collection(RedisApiCollection.Name)]
public sealed class ActiveIndexOnRedisTests(RedisFixture store) : ActiveIndexTests(store);

[Collection(GarnetCollection.Name)]
public sealed class ActiveIndexOnGarnetTests(GarnetFixture store) : ActiveIndexTests(store);

[Collection(ClusterCollection.Name)]
public sealed class ActiveIndexOnClusterTests(ClusterFixture store) : ActiveIndexTests(store);
