using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Delivery;

/// <summary>
/// The acceptance run, in real time: 200 messages queued at an endpoint with <c>"rateLimit": 20</c>, drained by
/// two worker processes. Receiver-side timestamps show no one-second window with more than 20 plus the documented burst
/// (a quarter of the rate: 5), the drain takes 200/20 s less the bucket's head start (a slow machine can only make it
/// longer, so only that side is generous), and every message arrives once.
/// </summary>
public abstract class RateLimitDrainTests(StoreFixture store, ITestOutputHelper output)
{
    private const int Messages = 200;
    private const int Rate = 20;
    // The documented burst a receiver may see above the rate in one second: ceil(rate / 4). The gateway's bucket grants
    // ceil(rate / 10) (Queue/Lua/lib/throttle.lua, tested exactly in RateLimitScriptTests); the rest is what a stall
    // between the grant and the request can bunch (a first window is rate + bucket exactly when nothing stalls).
    private const int Burst = 5;
    private const int Bucket = 2;

    [Fact]
    public async Task RateLimit20_200QueuedTwoWorkers_NoSecondOverTheLimitNothingLostOrDuplicated()
    {
        await using var receiver = await Receiver.StartAsync();
        var prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        await using var api = new GatewayFactory(store, new Dictionary<string, string?> { ["Redis:KeyPrefix"] = prefix, ["Gateway:Roles"] = "api" });
        var workers = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => GatewayProcess.StartReadyAsync(store, new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = prefix,
            ["Gateway:Roles"] = "worker",
        })));
        try
        {
            var tenant = await api.CreateTenantAsync();

            // Warm both workers' delivery path and connections first, so a cold start's slow first requests do not
            // arrive bunched with later ones and blur what the limit did.
            var warm = (await tenant.CreateEndpointAsync(receiver.Url("/warm"), ["*"])).GetProperty("id").GetString();
            await SendBatchAsync(tenant, 20);
            await receiver.WaitForAsync(r => r.Count(x => x.Path == "/warm") >= 20, TimeSpan.FromSeconds(30));
            (await tenant.Http.DeleteAsync($"/v1/endpoints/{warm}")).EnsureSuccessStatusCode();

            var endpointId = (await tenant.CreateEndpointAsync(receiver.Url("/paced"), ["*"], new { rateLimit = Rate })).GetProperty("id").GetString()!;
            // One message through the paced endpoint too, so both workers have read it; then the bucket fills again.
            var first = await SendBatchAsync(tenant, 1);
            await receiver.WaitForAsync(r => r.Any(x => x.Path == "/paced"), TimeSpan.FromSeconds(30));
            // The bucket refills in real time (2 tokens at 20/s): a pause, not a wait for an event, so the measured
            // run starts from a full bucket, which is what the first window's bound (rate + bucket) assumes.
            await Task.Delay(500);
            var eventIds = await SendBatchAsync(tenant, Messages);
            var expected = eventIds.Select(e => Ids.Message(e, endpointId)).ToHashSet();

            await receiver.WaitForAsync(r => r.Count(x => x.Path == "/paced") >= Messages + 1, TimeSpan.FromSeconds(60));
            await tenant.WaitForIdleAsync(endpointId); // a duplicate would come before the queue is idle
            var warmId = Ids.Message(first[0], endpointId);
            var paced = receiver.Requests.Where(r => r.Path == "/paced" && r.Id != warmId).OrderBy(r => r.At).ToList();

            var times = paced.Select(r => r.At).ToList();
            var busiest = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
            var drain = times[^1] - times[0];
            output.WriteLine($"{GetType().Name}: {Messages} messages, rateLimit {Rate}: busiest 1-s window {busiest} (limit {Rate + Burst}), drain {drain.TotalSeconds:F2} s");
            output.WriteLine("arrivals (ms after the first): " + string.Join(" ", times.Select(t => ((int)(t - times[0]).TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture))));

            Assert.Equal(Messages, paced.Count);
            Assert.True(expected.SetEquals(paced.Select(r => r.Id)), "the receiver did not get exactly the queued messages");
            Assert.True(busiest <= Rate + Burst, $"{busiest} deliveries within one second");
            var least = TimeSpan.FromSeconds((Messages - Bucket) / (double)Rate - 1);
            Assert.True(drain >= least, $"drained in {drain.TotalSeconds:F2} s, faster than the limit allows ({least.TotalSeconds:F1} s)");
            Assert.True(drain <= TimeSpan.FromSeconds(Messages / (double)Rate + 3), $"drained in {drain.TotalSeconds:F2} s");
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }

    private static async Task<List<string>> SendBatchAsync(TenantClient tenant, int count)
    {
        var events = new JsonArray([.. Enumerable.Range(0, count).Select(_ => (JsonNode)Events.Order())]);
        using var response = await tenant.Http.PostAsJsonAsync("/v1/events/batch", new JsonObject { ["events"] = events });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(count, body.GetProperty("accepted").GetInt32());
        return [.. body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetString()!)];
    }
}

[Collection(RealTimeCollection.Name)]
public sealed class RateLimitDrainOnRedisTests(RedisFixture store, ITestOutputHelper output) : RateLimitDrainTests(store, output);

[Collection(RealTimeCollection.Name)]
public sealed class RateLimitDrainOnClusterTests(ClusterFixture store, ITestOutputHelper output) : RateLimitDrainTests(store, output);
