using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Queue;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Tests.Memory;

/// <summary>Redis at <c>maxmemory</c> with <c>noeviction</c>: ingestion answers 503 with Retry-After, nothing is
/// half-accepted, and what was accepted is delivered once memory frees.</summary>
public sealed class MemoryFullTests
{
    [Fact]
    public async Task Ingest_RedisOutOfMemory_Answers503WithRetryAfter_AndDeliversEveryAcceptedEventOnceMemoryFrees()
    {
        await using var redis = await ScratchRedis.StartAsync("oom");
        await using var receiver = await Receiver.StartAsync();
        var prefix = "oom" + Guid.NewGuid().ToString("N")[..8];
        await using var api = new GatewayFactory(redis.Store, new Dictionary<string, string?> { ["Redis:KeyPrefix"] = prefix, ["Gateway:Roles"] = "api" });
        var tenant = await api.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(receiver.Url("/full"), ["*"])).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).StatusCode); // warm: scripts loaded

        await redis.AdminServer.ConfigSetAsync("maxmemory-policy", "noeviction");
        await redis.AdminServer.ConfigSetAsync("maxmemory", (await redis.UsedMemoryAsync() + (1024 * 1024)).ToString());

        var accepted = new List<string>();
        var refused = new List<string>();
        for (var i = 0; i < 5000 && refused.Count < 5; i++)
        {
            var order = Events.Order();
            order["padding"] = new string('x', 4096); // the envelope accepts unknown fields: fills memory faster
            var objectId = order["objectId"]!.GetValue<string>();
            var response = await tenant.Http.PostAsJsonAsync("/v1/events", order);
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                accepted.Add(objectId);
                continue;
            }

            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)response.StatusCode}: {text}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(response.Headers.RetryAfter is not null, "503 without Retry-After");
            Assert.Contains("full", text, StringComparison.Ordinal);
            refused.Add(objectId);
        }

        Assert.Equal(5, refused.Count);
        Assert.NotEmpty(accepted);

        // Memory frees (here: the operator raises maxmemory). Workers start and deliver everything that was accepted;
        // recovery finishes any fan-out that the full Redis interrupted after the accept.
        await redis.AdminServer.ConfigSetAsync("maxmemory", "0");
        await using var worker = new GatewayFactory(redis.Store, new Dictionary<string, string?> { ["Redis:KeyPrefix"] = prefix, ["Gateway:Roles"] = "worker" });
        _ = worker.Server;
        await worker.Services.GetServices<IHostedService>().OfType<FanoutRecovery>().Single().SweepAsync(TimeSpan.Zero);

        var expected = accepted.Count + 1;
        var all = await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() >= expected, TimeSpan.FromSeconds(60));
        await tenant.WaitForIdleAsync(endpointId);
        var delivered = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("objectId").GetString()!).ToHashSet();
        Assert.All(accepted, id => Assert.Contains(id, delivered));
        Assert.All(refused, id => Assert.DoesNotContain(id, delivered)); // a 503 left nothing behind to deliver
        Assert.Equal(expected, receiver.Requests.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public async Task Ingest_RedisFillsBetweenAcceptAndQueue_AnswersAcceptedAndRecoveryQueuesItOnceMemoryFrees()
    {
        const int endpoints = 600;
        await using var redis = await ScratchRedis.StartAsync("oom-fanout");
        var prefix = "oomf" + Guid.NewGuid().ToString("N")[..8];
        // On a single server an event is stored and queued in one atomic call, so nothing lies between them; this takes
        // the path Redis Cluster always takes (accept, then a queue call per target) on one server.
        await using var api = new GatewayFactory(redis.Store, new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = prefix, ["Gateway:Roles"] = "api", ["Redis:SingleCallAccept"] = "false",
        });
        var tenant = await api.CreateTenantAsync();
        await tenant.CreateEndpointAsync("http://127.0.0.1:9/warm", ["*"]);
        for (var i = 1; i < endpoints; i++)
        {
            await tenant.CreateEndpointAsync($"http://127.0.0.1:9/e{i}", ["order.completed"]);
        }

        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order("canceled"))).StatusCode); // scripts loaded
        await Task.Delay(200);

        // Redis checks memory before each script. The accept of an event with 600 targets writes about 70 KB more than
        // its arguments (a mark per target), so it starts under the limit and ends over it: the accept commits, and
        // the queue step right after it is refused. What else Redis holds at that instant (client buffers) moves the
        // limit that lands there, so it starts at 40 KB over the memory in use and is raised in 8 KB steps; an event
        // refused before that is refused whole (503), as the next assertions and the test above require.
        await redis.AdminServer.ConfigSetAsync("maxmemory-policy", "noeviction");
        HttpResponseMessage response = null!;
        for (var margin = 40 * 1024; margin <= 104 * 1024; margin += 8 * 1024)
        {
            await redis.AdminServer.ConfigSetAsync("maxmemory", (await redis.UsedMemoryAsync() + margin).ToString());
            response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                break;
            }
        }

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var eventId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Contains(api.Logs.GetSnapshot(), r => r.Message.Contains($"{eventId} is accepted, and its fan-out will be finished by recovery", StringComparison.Ordinal));
        var refused = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode); // still full: the next event is refused whole

        await redis.AdminServer.ConfigSetAsync("maxmemory", "0");
        var recovery = new FanoutRecovery(api.Store, api.Services.GetRequiredService<DeliveryQueue>(), api.Services.GetRequiredService<EventAcceptor>(),
            TimeProvider.System, NullLogger<FanoutRecovery>.Instance);
        Assert.Equal(1, await recovery.SweepAsync(TimeSpan.Zero));

        var detail = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}");
        var states = detail.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("state").GetProperty("status").GetString()).ToList();
        Assert.Equal(endpoints, states.Count);
        Assert.All(states, state => Assert.Equal("pending", state));
    }
}
