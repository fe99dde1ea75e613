using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Storage;
using Gateway.LocalStore;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Delivery;

/// <summary>Nothing is lost when a worker process dies mid-delivery, when Redis restarts, or when fan-out is cut short.</summary>
public abstract class CrashAndRestartTests(StoreFixture store)
{
    protected static readonly Dictionary<string, string?> s_fastLeases = new()
    {
        ["Delivery:RequestTimeout"] = "00:00:03",
        ["Delivery:ConnectTimeout"] = "00:00:01",
        ["Delivery:LeaseMargin"] = "00:00:01",
        ["Delivery:RetrySchedule"] = "00:00:00.100,00:00:00.100,00:00:00.100,00:00:00.100",
        ["Delivery:PollInterval"] = "00:00:00.500",
        ["Delivery:Jitter"] = "0",
    };

    [Fact]
    public async Task Crash_WorkerKilledMidDelivery_AnotherProcessDeliversEverything()
    {
        await using var receiver = await Receiver.StartAsync();
        var holding = true;
        receiver.Respond = async (_, _) =>
        {
            if (holding)
            {
                await Task.Delay(2000); // a deliberately slow receiver: deliveries are in flight when the worker is killed
            }

            return Results.Ok();
        };

        await using var api = new GatewayFactory(store, new Dictionary<string, string?>(s_fastLeases) { ["Gateway:Roles"] = "api" });
        var tenant = await api.CreateTenantAsync();
        var created = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/crash"), eventTypes = new[] { "*" } });
        Assert.True(created.IsSuccessStatusCode);

        var settings = new Dictionary<string, string?>(s_fastLeases)
        {
            ["Redis:Configuration"] = store.Configuration,
            ["Redis:KeyPrefix"] = api.KeyPrefix,
            ["Gateway:AdminApiKey"] = GatewayFactory.AdminKey,
            ["Encryption:Key"] = GatewayFactory.EncryptionKey,
            ["Gateway:Roles"] = "worker",
            ["Security:AllowPrivateNetworks"] = "true",
            ["Security:AllowHttp"] = "true",
        };
        await using var doomed = GatewayProcess.Start(settings);
        const int events = 30;
        for (var i = 0; i < events; i++)
        {
            Assert.True((await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).IsSuccessStatusCode);
        }

        // The doomed worker holds requests in flight (the receiver answers after 2 s): kill it then.
        await receiver.WaitForAsync(r => r.Count >= 5, TimeSpan.FromSeconds(60));
        doomed.Crash();
        holding = false;
        var seenBeforeTakeover = receiver.Requests.Count;

        await using var survivor = new GatewayFactoryTwin(api, store, new Dictionary<string, string?>(s_fastLeases) { ["Gateway:Roles"] = "worker" });
        _ = survivor.Factory.Server;

        var all = await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() == events, TimeSpan.FromSeconds(60));
        Assert.Equal(events, all.Select(r => r.Id).Distinct().Count());
        Assert.True(seenBeforeTakeover < all.Count);
        var db = api.Store.Database;
        var endpointId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await db.HashLengthAsync(api.Store.Keys.Messages(endpointId)) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.Equal(0, await db.HashLengthAsync(api.Store.Keys.Messages(endpointId)));
        Assert.Equal(0, await db.SortedSetLengthAsync(api.Store.Keys.Leases(endpointId)));
    }

    [Fact]
    public async Task FanoutInterrupted_AfterAccept_IsFinishedByRecovery()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var gateway = new GatewayFactory(store, new Dictionary<string, string?>(s_fastLeases) { ["Gateway:Roles"] = "api,worker" });
        _ = gateway.Server;
        var tenant = await gateway.CreateTenantAsync();
        var created = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/recover"), eventTypes = new[] { "*" } });
        var endpointId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // What a process that died right after the atomic accept leaves behind: the event and its pending mark, no queue entry.
        var keys = gateway.Store.Keys;
        var eventId = Ids.NewEvent(3);
        var body = Events.Order().ToJsonString();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        await HalfAccepted.WriteAsync(gateway.Store, 3, eventId, tenant.Id, body, endpointId, now);

        var recovered = await gateway.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FanoutRecovery>().Single().SweepAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, recovered);
        var delivered = await receiver.WaitForAsync(r => r.Count == 1);
        Assert.Equal(Ids.Message(eventId, endpointId), delivered[0].Id);
        Assert.Equal(body, delivered[0].Body);
        // Pending marks are cleared in batches a few milliseconds after the fan-out.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await gateway.Store.Database.SortedSetLengthAsync(keys.PendingFanout(3)) > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, await gateway.Store.Database.SortedSetLengthAsync(keys.PendingFanout(3)));
    }

    [Fact]
    public async Task FanoutRecovery_MarkLostAfterDelivery_DoesNotDeliverAgain()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var gateway = new GatewayFactory(store, new Dictionary<string, string?>(s_fastLeases) { ["Gateway:Roles"] = "api,worker" });
        _ = gateway.Server;
        var tenant = await gateway.CreateTenantAsync();
        var created = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/once"), eventTypes = new[] { "*" } });
        Assert.True(created.IsSuccessStatusCode);
        var endpointId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var accepted = await (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();
        var eventId = accepted.GetProperty("id").GetString()!;
        await receiver.WaitForAsync(r => r.Count == 1);

        // The accept's own mark is cleared in a batch a few milliseconds after the fan-out, which can be after the
        // delivery: wait for it, or it would clear the mark written below and the sweep would find nothing.
        var keys = gateway.Store.Keys;
        var shard = RedisKeys.ShardOf(eventId);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (await gateway.Store.Database.SortedSetScoreAsync(keys.PendingFanout(shard), eventId) is not null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        // What a process killed before its batch of "fan-out done" marks was written leaves behind: the mark of an
        // event whose message was already delivered.
        await gateway.Store.Database.SortedSetAddAsync(keys.PendingFanout(shard), eventId, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000);
        var recovery = gateway.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<FanoutRecovery>().Single();

        Assert.Equal(1, await recovery.SweepAsync(TimeSpan.FromSeconds(30)));
        await tenant.WaitForIdleAsync(endpointId); // a re-queued message would be delivered before the queue is idle

        Assert.Single(receiver.Requests);
    }

    protected static async Task SendUntilAcceptedAsync(TenantClient tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, response.StatusCode);
            }
            catch (HttpRequestException)
            {
            }

            Assert.True(DateTime.UtcNow < deadline, "the gateway did not accept events again after Redis came back");
            await Task.Delay(200);
        }
    }
}

[Collection(RedisDeliveryCollection.Name)]
public sealed class CrashAndRestartOnRedisTests(RedisFixture store) : CrashAndRestartTests(store)
{
    [Fact]
    public async Task RedisRestart_WithAof_WorkersReconnectAndNothingIsLost()
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        var port = LocalRedisServer.FreePort();
        var data = Path.Combine(root, ".data", "test", $"restart-{port}");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var server = await LocalRedisServer.StartAsync(LocalServerKind.Redis, port, data);
        try
        {
            await using var receiver = await Receiver.StartAsync();
            var dedicated = new DedicatedStore(server);
            await using var gateway = new GatewayFactory(dedicated, new Dictionary<string, string?>(s_fastLeases) { ["Gateway:Roles"] = "api,worker" });
            _ = gateway.Server;
            var tenant = await gateway.CreateTenantAsync();
            Assert.True((await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/restart"), eventTypes = new[] { "*" } })).IsSuccessStatusCode);

            for (var i = 0; i < 10; i++)
            {
                await SendUntilAcceptedAsync(tenant);
            }

            await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() == 10);

            await server.StopGracefullyAsync();
            await server.DisposeAsync();
            var whileDown = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, whileDown.StatusCode);
            server = await LocalRedisServer.StartAsync(LocalServerKind.Redis, port, data);

            for (var i = 0; i < 10; i++)
            {
                await SendUntilAcceptedAsync(tenant);
            }

            var all = await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() == 20, TimeSpan.FromSeconds(60));
            Assert.Equal(20, all.Select(r => r.Id).Distinct().Count());
        }
        finally
        {
            await server.DisposeAsync();
            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}

[Collection(ClusterCollection.Name)]
public sealed class CrashAndRestartOnClusterTests(ClusterFixture store) : CrashAndRestartTests(store);
