using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Memory;

namespace Gateway.Tests.Ingestion;

/// <summary>
/// A store that stops answering (here Redis paused for writes, as a dead master holds its commands until a failover)
/// gets the client a 503 with <c>Retry-After</c> at <c>Redis:AcceptTimeout</c>, not a request that hangs; the write that
/// lands later is kept, and the client's retry with its key finds it, delivered once.
/// </summary>
public sealed class AcceptDeadlineTests
{
    [Fact]
    public async Task StoreStalls_Answers503AtTheAcceptTimeout_AndTheRetryWithItsKeyFindsTheEventDeliveredOnce()
    {
        await using var redis = await ScratchRedis.StartAsync("stall");
        await using var receiver = await Receiver.StartAsync();
        await using var gateway = new GatewayFactory(redis.Store, new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = "stall" + Guid.NewGuid().ToString("N")[..8],
            ["Redis:AcceptTimeout"] = "00:00:00.300",
            ["Gateway:Roles"] = "api,worker",
        });
        var tenant = await gateway.CreateTenantAsync();
        var endpointId = (await tenant.CreateEndpointAsync(receiver.Url("/stall"), ["*"])).GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).StatusCode); // warm

        var order = Events.Order();
        var objectId = order["objectId"]!.GetValue<string>();
        await redis.AdminServer.ExecuteAsync("CLIENT", "PAUSE", "3000", "WRITE");
        var started = Stopwatch.GetTimestamp();
        using var stalled = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(order) };
        stalled.Headers.Add("Idempotency-Key", objectId);
        var refused = await tenant.Http.SendAsync(stalled);
        var waited = Stopwatch.GetElapsedTime(started);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(waited < TimeSpan.FromSeconds(2.5), $"answered after {waited.TotalMilliseconds:F0} ms, within the 3 s pause");

        // The pause ends; the paused write lands. The client retries with the same key: 202, the same event.
        HttpResponseMessage retried;
        do
        {
            await Task.Delay(250);
            using var retry = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(order) };
            retry.Headers.Add("Idempotency-Key", objectId);
            retried = await tenant.Http.SendAsync(retry);
        }
        while (retried.StatusCode == HttpStatusCode.ServiceUnavailable && Stopwatch.GetElapsedTime(started) < TimeSpan.FromSeconds(20));

        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        await receiver.WaitForAsync(r => r.Any(x => JsonDocument.Parse(x.Body).RootElement.GetProperty("objectId").GetString() == objectId), TimeSpan.FromSeconds(30));
        await tenant.WaitForIdleAsync(endpointId);
        Assert.Single(receiver.Requests, x => JsonDocument.Parse(x.Body).RootElement.GetProperty("objectId").GetString() == objectId);
    }
}
