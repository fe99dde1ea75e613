using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Storage;
using Gateway.LocalStore;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Gateway.Tests.Cluster;

/// <summary>
/// <c>Redis:WaitForReplicas=1</c> on a real 3 + 3 cluster whose one master lost its replica: that shard answers 503
/// at once, while accepts to the other shards, and every other command to that master, go on undelayed.
/// </summary>
[Collection(ProcessesCollection.Name)]
public sealed class ReplicaLessShardTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);

    // Half the WAIT timeout: before dedicated connections, whatever queued behind a WAIT waited the whole timeout or
    // more; the margin under it absorbs the two shared cores.
    private static readonly TimeSpan s_fast = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task ReplicaLessShard_AnswersFast503_AndDelaysNeitherOtherShardsNorOtherCommandsToItsMaster()
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        await using var cluster = await LocalRedisCluster.StartAsync(masters: 3, replicasPerMaster: 1, Path.Combine(root, ".data", "test", $"replicaless-{Guid.NewGuid():N}"));
        await using var gateway = new GatewayFactory(new ExternalStore(cluster.Configuration), new Dictionary<string, string?>
        {
            ["Redis:WaitForReplicas"] = "1",
            ["Redis:WaitForReplicasTimeout"] = "00:00:01",
        });
        var tenant = await gateway.CreateTenantAsync();
        var store = gateway.Store;
        var endpointId = (await tenant.CreateEndpointAsync("http://127.0.0.1:9/hook", ["*"])).GetProperty("id").GetString()!;
        var endpointMaster = PortOf(store, store.Keys.Ready(endpointId));
        var victim = (await cluster.MasterPortsAsync()).First(p => p != endpointMaster);

        // The victim loses its replica (SIGKILL); it stays master of its slots, with no replica to confirm a WAIT.
        var replication = await LocalRedisCluster.CliAsync(victim, "info", "replication");
        var replicaPort = int.Parse(replication.Split('\n').Single(l => l.StartsWith("slave0:", StringComparison.Ordinal)).Split("port=")[1].Split(',')[0], CultureInfo.InvariantCulture);
        cluster.Kill(replicaPort);
        await WaitUntilAsync(async () => (await LocalRedisCluster.CliAsync(victim, "info", "replication")).Contains("connected_slaves:0", StringComparison.Ordinal));

        var degradedKeys = KeysOn(store, tenant.Id, victim, wanted: true).Take(400).ToList();
        var healthyKeys = KeysOn(store, tenant.Id, victim, wanted: false).Take(400).ToList();
        var probeKey = (RedisKey)store.Keys.Event(EventAcceptor.ShardOf(tenant.Id, degradedKeys[0]), "evt_probe");
        await store.Database.StringSetAsync(probeKey, "x");

        // Load on the degraded shard from 8 clients, and meanwhile accepts to healthy shards and reads of a key on
        // the degraded master through the process's shared connection, for 4 seconds.
        var clock = Stopwatch.StartNew();
        var degraded = new ConcurrentBag<(HttpStatusCode Status, TimeSpan Latency, TimeSpan At, bool RetryAfter)>();
        var healthy = new ConcurrentBag<(HttpStatusCode Status, TimeSpan Latency)>();
        var reads = new ConcurrentBag<TimeSpan>();
        var next = -1;
        var load = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(4))
            {
                var started = clock.Elapsed;
                using var response = await PostAsync(tenant, degradedKeys[Interlocked.Increment(ref next) % degradedKeys.Count]);
                degraded.Add((response.StatusCode, clock.Elapsed - started, started, response.Headers.RetryAfter is not null));
                await Task.Delay(50); // about 150 requests/s in all, the operator's run of the issue
            }
        })).ToList();
        var others = Task.Run(async () =>
        {
            var i = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(4))
            {
                var started = clock.Elapsed;
                using var response = await PostAsync(tenant, healthyKeys[i++ % healthyKeys.Count]);
                healthy.Add((response.StatusCode, clock.Elapsed - started));
                started = clock.Elapsed;
                await store.Database.StringGetAsync(probeKey);
                reads.Add(clock.Elapsed - started);
                await Task.Delay(20);
            }
        });
        await Task.WhenAll(load.Append(others));

        var known = degraded.Where(d => d.At > TimeSpan.FromSeconds(1)).ToList();
        output.WriteLine($"degraded shard: {degraded.Count} answers, {degraded.Count(d => d.Status == HttpStatusCode.ServiceUnavailable)} × 503; once known (after 1 s): max {Max(known.Select(d => d.Latency))} ms");
        output.WriteLine($"healthy shards: {healthy.Count} accepts, p50 {Percentile(healthy.Select(h => h.Latency), 0.5)} ms, max {Max(healthy.Select(h => h.Latency))} ms");
        output.WriteLine($"reads of a key on the degraded master (shared connection): {reads.Count}, max {Max(reads)} ms");

        Assert.All(degraded, d => Assert.True(d.Status == HttpStatusCode.ServiceUnavailable && d.RetryAfter, $"degraded shard answered {(int)d.Status}"));
        // Before the health check has seen the shard, an accept waits out one WAIT timeout, never several stacked ones.
        // The slack is for a loaded 2-core CI machine: a clean-clone run saw 1.39 to 1.42 s there.
        Assert.All(degraded, d => Assert.True(d.Latency < (s_timeout * 2) - TimeSpan.FromMilliseconds(100), $"a degraded accept took {d.Latency.TotalMilliseconds:0} ms"));
        Assert.All(known, d => Assert.True(d.Latency < s_fast, $"a known-degraded shard took {d.Latency.TotalMilliseconds:0} ms to answer"));
        Assert.All(healthy, h => Assert.Equal(HttpStatusCode.Accepted, h.Status));
        Assert.True(healthy.Count >= 10, $"only {healthy.Count} healthy accepts in 4 s");
        // Queued behind a WAIT, every one of them would take the whole WAIT timeout. A full suite on the two shared cores
        // has shown single 690 ms stalls, so the bound on each is the timeout and on the slowest tenth half of it.
        Assert.All(healthy, h => Assert.True(h.Latency < s_timeout, $"a healthy-shard accept took {h.Latency.TotalMilliseconds:0} ms"));
        Assert.True(Nth(healthy.Select(h => h.Latency), 0.9) < s_fast, "the slowest tenth of the healthy-shard accepts waited half a WAIT timeout");
        Assert.All(reads, r => Assert.True(r < s_timeout, $"a read on the degraded master waited {r.TotalMilliseconds:0} ms"));
        Assert.True(Nth(reads, 0.9) < s_fast, "the slowest tenth of the reads on the degraded master waited half a WAIT timeout");

        // An event without an Idempotency-Key may go to any shard: it goes to one whose master has its replica.
        for (var i = 0; i < 30; i++)
        {
            using var unkeyed = await tenant.Http.PostAsync("/v1/events", new StringContent(s_body, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Accepted, unkeyed.StatusCode);
            var eventId = JsonDocument.Parse(await unkeyed.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
            Assert.True(RedisKeys.TryShardOf(eventId, out var shard));
            Assert.NotEqual(victim, PortOf(store, store.Keys.Event(shard, eventId)));
        }

        // The replica comes back: the same key is accepted on retry, as before.
        cluster.Restart(replicaPort);
        await cluster.WaitHealthyAsync(TimeSpan.FromSeconds(40));
        var last = "";
        await WaitUntilAsync(async () =>
        {
            using var retried = await PostAsync(tenant, degradedKeys[0]);
            last = $"{(int)retried.StatusCode} {await retried.Content.ReadAsStringAsync()} {await LocalRedisCluster.CliAsync(victim, "info", "replication")}";
            return retried.StatusCode == HttpStatusCode.Accepted;
        }, () => last);
    }

    // One body for every key, so a retry with a key is the same request.
    private static readonly string s_body = Events.Order().ToJsonString();

    private static async Task<HttpResponseMessage> PostAsync(TenantClient tenant, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent(s_body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Idempotency-Key", key);
        return await tenant.Http.SendAsync(request);
    }

    // The ingestion shard of an Idempotency-Key, as EventAcceptor chooses it.

    private static IEnumerable<string> KeysOn(RedisStore store, string tenantId, int port, bool wanted) =>
        Enumerable.Range(0, 100_000).Select(i => $"k-{i}").Where(k => (PortOf(store, store.Keys.Event(EventAcceptor.ShardOf(tenantId, k), "evt_x")) == port) == wanted);

    private static int PortOf(RedisStore store, string key) => ((IPEndPoint)store.Connection.GetServer((RedisKey)key).EndPoint).Port;

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, Func<string>? last = null)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), "condition not met within 60 s; last: " + last?.Invoke());
            await Task.Delay(200);
        }
    }

    private static string Max(IEnumerable<TimeSpan> values) => values.DefaultIfEmpty().Max().TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    private static string Percentile(IEnumerable<TimeSpan> values, double p) =>
        values.Any() ? Nth(values, p).TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : "-";

    private static TimeSpan Nth(IEnumerable<TimeSpan> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? TimeSpan.Zero : sorted[(int)((sorted.Count - 1) * p)];
    }
}
