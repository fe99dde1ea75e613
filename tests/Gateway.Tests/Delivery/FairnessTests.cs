using System.Diagnostics;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Delivery;

[Collection(RedisDeliveryCollection.Name)]
public sealed class FairnessTests(RedisFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Backlog_OnOneEndpoint_DoesNotDelayAQuietEndpointsNextMessage()
    {
        Receiver.Respond = async (request, _) =>
        {
            if (request.Path == "/busy")
            {
                await Task.Delay(50);
            }

            return Results.Ok();
        };
        var tenant = await Factory.CreateTenantAsync();
        var (busy, _) = await CreateEndpointAsync(tenant, Receiver.Url("/busy"), new { eventTypes = new[] { "order.created" } });
        await CreateEndpointAsync(tenant, Receiver.Url("/quiet"), new { eventTypes = new[] { "order.completed" } });

        // A backlog of 20,000 messages at the busy endpoint, queued directly.
        var queue = Factory.Services.GetRequiredService<DeliveryQueue>();
        var backlogEvent = await SendAsync(tenant, Events.Order("created"));
        var meta = new QueuedMessage(RedisKeys.ShardOf(backlogEvent), backlogEvent, "order.created", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), 0, 0);
        await Task.WhenAll(Enumerable.Range(0, 20_000).Select(i => queue.EnqueueAsync(busy, $"msg_backlog{i}", meta, 0)));
        await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/busy") >= 20);

        var latencies = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            var before = Receiver.Requests.Count(r => r.Path == "/quiet");
            var sent = Stopwatch.GetTimestamp();
            await SendAsync(tenant);
            await Receiver.WaitForAsync(r => r.Count(x => x.Path == "/quiet") > before);
            latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
        }

        latencies.Sort();
        // Ingest plus delivery of the quiet endpoint's message. Were it queued behind the busy endpoint's 20,000 (50 ms each,
        // 10 at a time) it would wait minutes; the bound is loose only so a busy CI machine cannot fail it.
        Assert.True(latencies[^2] < 1000, $"quiet endpoint latencies (ms): {string.Join(", ", latencies.Select(l => l.ToString("0")))}");
    }
}
