using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Storage;
using Gateway.LocalStore;
using Gateway.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Gateway.Tests.Cluster;

/// <summary>
/// A master SIGKILLed and never replaced: its replica takes over, and accepts to that shard succeed again within
/// seconds of the promotion, without a gateway restart. Until then they answer 503 at once or at the accept timeout,
/// never later. (A dead master answers nothing, not even MOVED, so the client must re-read the slot map by itself.)
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class DeadMasterTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MasterKilledForGood_ItsShardAcceptsAgainAfterThePromotion_AndNoAnswerTakesLongerThanTheAcceptTimeout()
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        await using var cluster = await LocalRedisCluster.StartAsync(masters: 3, replicasPerMaster: 1, Path.Combine(root, ".data", "test", $"deadmaster-{Guid.NewGuid():N}"));
        await using var gateway = new GatewayFactory(new ExternalStore(cluster.Configuration), new Dictionary<string, string?>
        {
            ["Redis:AcceptTimeout"] = "00:00:01",
        });
        var tenant = await gateway.CreateTenantAsync();
        await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"]);
        var store = gateway.Store;
        var victim = (await cluster.MasterPortsAsync())[0];
        var keys = Enumerable.Range(0, 100_000).Select(i => $"dead-{i}")
            .Where(k => PortOf(store, store.Keys.PendingFanout(EventAcceptor.ShardOf(tenant.Id, k))) == victim).Take(200).ToList();
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(tenant, keys[0])).StatusCode);

        cluster.Kill(victim);
        var clock = Stopwatch.StartNew();
        var slowest = TimeSpan.Zero;
        var statuses = new List<HttpStatusCode>();
        HttpStatusCode last;
        var n = 1;
        do
        {
            var started = clock.Elapsed;
            using var response = await PostAsync(tenant, keys[n++ % keys.Count]);
            last = response.StatusCode;
            statuses.Add(last);
            var took = clock.Elapsed - started;
            slowest = took > slowest ? took : slowest;
            Assert.True(last is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"answered {(int)last}");
            if (last != HttpStatusCode.Accepted)
            {
                await Task.Delay(200);
            }
        }
        while (last != HttpStatusCode.Accepted && clock.Elapsed < TimeSpan.FromSeconds(40));

        output.WriteLine($"accepted again {clock.Elapsed.TotalSeconds:0.0} s after the kill; {statuses.Count(s => s != HttpStatusCode.Accepted)} answers 503; slowest answer {slowest.TotalMilliseconds:0} ms");
        Assert.Equal(HttpStatusCode.Accepted, last);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"the shard took {clock.Elapsed} to accept again");
        // The accept timeout (1 s) plus room for the two shared cores: never the client's own 5 s command timeout.
        Assert.True(slowest < TimeSpan.FromSeconds(3), $"an answer took {slowest}");
    }

    private static async Task<HttpResponseMessage> PostAsync(TenantClient tenant, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(Events.Order()) };
        request.Headers.Add("Idempotency-Key", key);
        return await tenant.Http.SendAsync(request);
    }


    private static int PortOf(RedisStore store, string key) => ((IPEndPoint)store.Connection.GetServer((RedisKey)key).EndPoint).Port;
}
