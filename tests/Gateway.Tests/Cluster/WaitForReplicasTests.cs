using System.Net;
using System.Net.Http.Json;
using Gateway.Delivery.Storage;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Cluster;

/// <summary><c>Redis:WaitForReplicas</c> on a cluster whose masters have no replica: no accept can be confirmed.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WaitForReplicasTests(ClusterFixture cluster) : DeliveryTestBase(cluster)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Redis:WaitForReplicas"] = "1",
        ["Redis:WaitForReplicasTimeout"] = "00:00:00.100",
    };

    [Fact]
    public async Task NoReplicaConfirms_503WithRetryAfter_TheRetryIsTheSameEvent_AndItsFanoutStaysPending()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/wait"));
        var doc = Events.Order();

        var first = await PostAsync(tenant, doc, "wait-1");
        var second = await PostAsync(tenant, doc, "wait-1");

        foreach (var response in new[] { first, second })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("replicas", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        // The event was stored once (the retry found it by its key); its pending mark stays until a WAIT succeeds.
        var delivered = await Receiver.WaitForAsync(r => r.Count >= 1);
        // An absence, which nothing signals: a second stored event would have been queued with the first, before
        // either answer, and would arrive within a poll of it; 500 ms (the poll interval) lets it show.
        await Task.Delay(500);
        var eventIds = new List<string>();
        for (var shard = 0; shard < RedisKeys.IngestShards; shard++)
        {
            eventIds.AddRange((await Factory.Store.Database.SortedSetRangeByRankAsync(Factory.Store.Keys.PendingFanout(shard))).Select(v => (string)v!));
        }

        var eventId = Assert.Single(eventIds);
        Assert.Equal(Ids.Message(eventId, endpointId), Assert.Single(Receiver.Requests.Select(r => r.Id).Distinct()));
    }

    private static async Task<HttpResponseMessage> PostAsync(TenantClient tenant, System.Text.Json.Nodes.JsonObject doc, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(doc) };
        request.Headers.Add("Idempotency-Key", key);
        return await tenant.Http.SendAsync(request);
    }
}
