using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Orders;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Orders;

/// <summary>A status change whose event never reached ingestion (the process died in between) is sent by the outbox sweep, once.</summary>
public abstract class OrderOutboxTests(StoreFixture store) : OrdersTestBase(store)
{
    [Fact]
    public async Task StatusChangedButProcessDiedBeforeSending_OutboxSweepSendsTheEvent()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/outbox"), new { eventTypes = new[] { "order.statusChanged" } });
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", notify: false)));

        // Only the atomic step of a change, as a process that died right after it would leave things.
        var orders = Factory.Services.GetRequiredService<OrderStore>();
        var entry = new HistoryEntry("Completed", "all done", "key_x", DateTimeOffset.UtcNow.AddMinutes(-1), Notified: true, Forced: false);
        var result = await orders.ChangeAsync(tenant.Id, orderId, new StatusChange("Completed", null, "In Progress", false, ["In Progress"], [], entry, null, null, RequireDetails: true));
        Assert.Equal(StatusChangeOutcome.Applied, result.Outcome);
        Assert.Empty(Receiver.Requests);

        var sweeper = Factory.Services.GetServices<IHostedService>().OfType<OrderOutboxRecovery>().Single();
        Assert.Equal(1, await sweeper.SweepAsync(TimeSpan.FromSeconds(30)));

        var received = (await Receiver.WaitForAsync(r => r.Count == 1)).Single();
        var order = JsonDocument.Parse(received.Body).RootElement.GetProperty("order");
        Assert.Equal("Completed", order.GetProperty("status").GetString());
        Assert.Equal("In Progress", order.GetProperty("previousStatus").GetString());
        Assert.Equal("all done", order.GetProperty("message").GetString());
        Assert.Equal(0, await SweepAgainAsync(sweeper));
    }

    [Fact]
    public async Task NormalChange_LeavesNothingInTheOutbox_AndASweepSendsNoDuplicate()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/outbox-normal"), new { eventTypes = new[] { "order.statusChanged" } });
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress")));
        await Receiver.WaitForAsync(r => r.Count == 1);

        var db = Factory.Store.Database;
        Assert.Equal(0, await db.SortedSetLengthAsync(Factory.Store.Keys.OrderOutbox(RedisKeys.OrderShard(tenant.Id, orderId))));
        var sweeper = Factory.Services.GetServices<IHostedService>().OfType<OrderOutboxRecovery>().Single();
        Assert.Equal(0, await sweeper.SweepAsync(TimeSpan.Zero));
    }

    private static Task<int> SweepAgainAsync(OrderOutboxRecovery sweeper) => sweeper.SweepAsync(TimeSpan.Zero);
}

[Collection(RedisApiCollection.Name)]
public sealed class OrderOutboxOnRedisTests(RedisFixture store) : OrderOutboxTests(store);

[Collection(ClusterCollection.Name)]
public sealed class OrderOutboxOnClusterTests(ClusterFixture store) : OrderOutboxTests(store);
