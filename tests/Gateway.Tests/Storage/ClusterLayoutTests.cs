using System.Net.Http.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Storage;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Logs;
using Gateway.Tests.Schemas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace Gateway.Tests.Storage;

/// <summary>
/// The key layout on a real 3-master Redis Cluster: keys spread over every master, no command refused for
/// crossing slots or bounced between nodes, and everything that reads many shards reads every master.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterLayoutTests(ClusterFixture cluster) : DeliveryTestBase(cluster)
{
    [Fact]
    public async Task Run_SpreadsKeysOverEveryMaster_AndReadsThemAllBack()
    {
        var tenant = await Factory.CreateTenantAsync();
        // An endpoint's keys share its hash tag, so they sit on one master, picked by its random id: 9 endpoints
        // leave a master with none in about 8 % of runs. Endpoints are added (up to 30) until every master holds
        // two, so the spread checked below is the layout's, not the ids' luck.
        var endpoints = new List<string>();
        var connection = Factory.Store.Connection;
        while (endpoints.Count < 9 || (endpoints.Count < 30 && endpoints
            .GroupBy(id => connection.GetServer((RedisKey)Factory.Store.Keys.Ready(id)).EndPoint.ToString())
            .Where(g => g.Count() >= 2).Count() < 3))
        {
            endpoints.Add((await CreateEndpointAsync(tenant, Receiver.Url($"/e{endpoints.Count}"))).Id);
        }

        const int events = 24;
        for (var i = 0; i < events; i++)
        {
            // One order for all: each order has an index key per endpoint, in the endpoint's slot, and 216 of them
            // would weigh the count toward whichever master holds the most of the 9 endpoints.
            var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(Events.Order(orderId: "ORD-LAYOUT")) };
            request.Headers.Add("Idempotency-Key", $"layout-{i}");
            Assert.True((await tenant.Http.SendAsync(request)).IsSuccessStatusCode);
        }

        await Receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() == events * endpoints.Count, TimeSpan.FromSeconds(60));

        // Every master holds a share of the keys (endpoint queues and logs, ingestion shards, tenants).
        var perMaster = await cluster.Cluster.KeysPerMasterAsync(Factory.Store.Connection, Factory.KeyPrefix);
        Assert.Equal(3, perMaster.Count);
        var total = perMaster.Values.Sum();
        Assert.All(perMaster, p => Assert.True(p.Value >= total / 10, $"master {p.Key} holds {p.Value} of {total} keys: {string.Join(", ", perMaster)}"));

        // Readers that span endpoints and shards see everything, whichever master holds it.
        var sent = 0;
        string? cursor = null;
        do
        {
            var page = await tenant.GetAsync("/v1/logs?state=sent&limit=100" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            sent += page.GetProperty("data").GetArrayLength();
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == System.Text.Json.JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null);
        Assert.Equal(events * endpoints.Count, sent);
        var summary = await tenant.GetAsync("/v1/stats/summary");
        Assert.Equal(events * endpoints.Count, summary.GetProperty("allTime").Long("sent"));

        // No command failed for crossing slots or was bounced between nodes.
        var logged = Factory.Logs.GetSnapshot();
        Assert.DoesNotContain(logged, r => r.Exception?.ToString() is { } e && (e.Contains("CROSSSLOT", StringComparison.Ordinal) || e.Contains("MOVED", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task FanoutRecovery_SweepsThePendingMarksOfEveryShard_OnEveryMaster()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/recover"));

        // What processes that died right after the atomic accept leave behind, in every ingestion shard.
        var keys = Factory.Store.Keys;
        var past = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000;
        var eventIds = new List<string>();
        for (var shard = 0; shard < RedisKeys.IngestShards; shard++)
        {
            var eventId = Ids.NewEvent(shard);
            eventIds.Add(eventId);
            await HalfAccepted.WriteAsync(Factory.Store, shard, eventId, tenant.Id, Events.Order().ToJsonString(), endpointId, past);
        }

        var shardMasters = new HashSet<System.Net.EndPoint?>();
        for (var shard = 0; shard < RedisKeys.IngestShards; shard++)
        {
            shardMasters.Add(Factory.Store.Connection.GetServer((RedisKey)keys.PendingFanout(shard)).EndPoint);
        }

        Assert.Equal(3, shardMasters.Count);

        var sweeper = Factory.Services.GetServices<IHostedService>().OfType<FanoutRecovery>().Single();
        var recovered = await sweeper.SweepAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RedisKeys.IngestShards, recovered);
        var delivered = await Receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() == RedisKeys.IngestShards);
        Assert.Equal(eventIds.Select(e => Ids.Message(e, endpointId)).Order(), delivered.Select(d => d.Id).Distinct().Order());
    }
}
