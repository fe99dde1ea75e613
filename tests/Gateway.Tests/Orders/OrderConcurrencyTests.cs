using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Orders;

/// <summary>Concurrent changes of one order: serialised by the store's script, none lost, versions contiguous.</summary>
public abstract class OrderConcurrencyTests(StoreFixture store) : OrdersTestBase(store)
{
    // Each test makes its own tenant and none looks at the receiver: one host for the class.
    protected override bool HostPerClass => true;

    // Every status may follow every other, so only the version decides who wins.
    private static readonly object Triangle = new
    {
        name = "triangle",
        initial = "a",
        statuses = new[] { "a", "b", "c" },
        transitions = new object[]
        {
            new { from = "a", to = "b" }, new { from = "a", to = "c" }, new { from = "b", to = "a" },
            new { from = "b", to = "c" }, new { from = "c", to = "a" }, new { from = "c", to = "b" },
        },
    };

    [Fact]
    public async Task ParallelPuts_SameIfMatch_ExactlyOneWinsTheRestAre412()
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, Triangle);
        var orderId = NewOrderId();
        var created = await PutStatusAsync(tenant.Http, orderId, Details(Status("a", notify: false)));

        var replies = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            PutStatusAsync(tenant.Http, orderId, Status(i % 2 == 0 ? "b" : "c", $"writer {i}", notify: false), ifMatch: created.ETag)));

        var winner = Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.All(replies.Where(r => r != winner), r => Assert.Equal(HttpStatusCode.PreconditionFailed, r.Status));
        Assert.Equal(2, winner.Body.GetProperty("version").GetInt64());
        var order = await GetAsync(tenant.Http, $"/v1/orders/{orderId}");
        Assert.Equal(winner.String("status"), order.String("status"));
        Assert.Equal(2, order.Body.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task ParallelPuts_WithoutIfMatch_SameTarget_OneAppliesTheRestConflict()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", notify: false)));

        // Completed → Completed is no transition of the platform workflow, so only the first arrival can apply.
        var replies = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ =>
            PutStatusAsync(tenant.Http, orderId, Status("Completed", notify: false))));

        Assert.Single(replies, r => r.Status == HttpStatusCode.OK);
        Assert.Equal(15, replies.Count(r => r.Status == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task ManyWritersReadModifyWrite_NoUpdateIsLost_HistoryIsOneContiguousChain()
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, Triangle);
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("a", notify: false)));
        var applied = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async writer =>
        {
            for (var round = 0; round < 6; round++)
            {
                var current = await GetAsync(tenant.Http, $"/v1/orders/{orderId}/status/transitions");
                var next = current.Body.GetProperty("transitions")[writer % 2].GetProperty("status").GetString()!;
                var reply = await PutStatusAsync(tenant.Http, orderId, Status(next, $"w{writer}r{round}", notify: false), ifMatch: current.ETag);
                Assert.True(reply.Status is HttpStatusCode.OK or HttpStatusCode.PreconditionFailed, reply.ToString());
                if (reply.Status == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref applied);
                }
            }
        }));

        var order = await GetAsync(tenant.Http, $"/v1/orders/{orderId}");
        var history = order.Body.GetProperty("history").EnumerateArray().ToList();
        Assert.True(applied > 0);
        Assert.Equal(1 + applied, order.Body.GetProperty("version").GetInt64());
        Assert.Equal(Enumerable.Range(1, 1 + applied).Select(v => (long)v), history.Select(h => h.GetProperty("version").GetInt64()));
        for (var i = 1; i < history.Count; i++)
        {
            Assert.Equal(history[i - 1].GetProperty("to").GetString(), history[i].GetProperty("from").GetString());
            Assert.NotEqual(history[i].GetProperty("from").GetString(), history[i].GetProperty("to").GetString());
        }

        Assert.Equal(history[^1].GetProperty("to").GetString(), order.String("status"));
        Assert.Equal(JsonValueKind.Null, history[0].GetProperty("from").ValueKind);
    }
}

[Collection(RedisApiCollection.Name)]
public sealed class OrderConcurrencyOnRedisTests(RedisFixture store) : OrderConcurrencyTests(store);

[Collection(GarnetCollection.Name)]
public sealed class OrderConcurrencyOnGarnetTests(GarnetFixture store) : OrderConcurrencyTests(store);

[Collection(ClusterCollection.Name)]
public sealed class OrderConcurrencyOnClusterTests(ClusterFixture store) : OrderConcurrencyTests(store);
