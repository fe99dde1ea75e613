using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Delivery;

/// <summary>
/// Fan-out recovery re-runs the enqueue of events whose "fan-out done" mark a crash lost. A message that already
/// completed (delivered or dead-lettered) must not be queued again by it.
/// </summary>
public abstract class CompletionMarkerTests(StoreFixture store) : GatewayTestBase(store)
{
    private const string Endpoint = "ep_completionmarker0001";

    // The tests write fixed endpoint ids under the host's key prefix: each needs its own.
    protected override bool HostPerTest => true;

    private static readonly WebhookEndpoint Subscriber = new()
    {
        Id = Endpoint, TenantId = "t_completion", Url = "http://127.0.0.1:9/hook", EventTypes = ["*"], Secret = "whsec_dGVzdA==",
    };

    private DeliveryQueue Queue => Factory.Services.GetRequiredService<DeliveryQueue>();

    [Theory]
    [InlineData(SettleMode.Ack)]
    [InlineData(SettleMode.DeadLetter)]
    public async Task Enqueue_AgainAfterTheMessageCompleted_QueuesNothing(SettleMode mode)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var eventId = Ids.NewEvent(2);
        var messageId = Ids.Message(eventId, Endpoint);
        var meta = new QueuedMessage(2, eventId, "order.completed", now, 0, 0);
        Assert.True(await Queue.EnqueueAsync(Endpoint, messageId, meta, 0));
        var leased = Assert.Single((await Queue.ClaimAsync(Endpoint, 10, 10, now)).Messages);
        var settled = await Queue.SettleAsync(Subscriber, mode, leased, now, "", deadRecord: mode == SettleMode.DeadLetter ? "{}" : "");
        Assert.True(settled.Owned);

        var queuedAgain = await Queue.EnqueueAsync(Endpoint, messageId, meta, 0);

        Assert.False(queuedAgain);
        Assert.Empty((await Queue.ClaimAsync(Endpoint, 10, 10, now + 1)).Messages);
    }

    [Fact]
    public async Task Enqueue_AfterARetryIsScheduled_StillSeesItQueued()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var eventId = Ids.NewEvent(4);
        var messageId = Ids.Message(eventId, Endpoint);
        var meta = new QueuedMessage(4, eventId, "order.completed", now, 0, 0);
        await Queue.EnqueueAsync(Endpoint, messageId, meta, 0);
        var leased = Assert.Single((await Queue.ClaimAsync(Endpoint, 10, 10, now)).Messages);
        await Queue.SettleAsync(Subscriber, SettleMode.Retry, leased, now, "", meta with { Attempts = 1 }, now + 50);

        Assert.False(await Queue.EnqueueAsync(Endpoint, messageId, meta, 0));
        var retried = Assert.Single((await Queue.ClaimAsync(Endpoint, 10, 10, now + 100)).Messages);
        Assert.Equal(1, retried.Message.Attempts);
    }

    [Fact]
    public async Task CompletionMarkers_OlderThanTheWindow_AreTrimmed()
    {
        var window = (long)TimeSpan.FromMinutes(2).TotalMilliseconds;
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (var i = 0; i < 2; i++)
        {
            var at = start + (i * (window + 1000));
            var eventId = Ids.NewEvent(5);
            await Queue.EnqueueAsync(Endpoint, Ids.Message(eventId, Endpoint), new QueuedMessage(5, eventId, "order.completed", at, 0, 0), 0);
            var leased = Assert.Single((await Queue.ClaimAsync(Endpoint, 10, 10, at)).Messages);
            await Queue.SettleAsync(Subscriber, SettleMode.Ack, leased, at, "");
        }

        Assert.Equal(1, await Factory.Store.Database.SortedSetLengthAsync(Factory.Store.Keys.Completed(Endpoint)));
    }
}

[Collection(RedisCollection.Name)]
public sealed class CompletionMarkerOnRedisTests(RedisFixture store) : CompletionMarkerTests(store);

[Collection(GarnetCollection.Name)]
public sealed class CompletionMarkerOnGarnetTests(GarnetFixture store) : CompletionMarkerTests(store);
