using System.Collections.Concurrent;
using System.Net;
using Gateway.Delivery.Storage;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Logs;

/// <summary><c>GET /v1/logs?objectId=</c>: every delivery of an order, from the order index the settles write.</summary>
public abstract class OrderTimelineTests(StoreFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Logs_ByObjectId_TimelineOfEveryEventEndpointAndAttempt_NewestFirst()
    {
        // /flaky answers 503 to the first attempt of each message, then 200.
        var seen = new ConcurrentDictionary<string, int>();
        Receiver.Respond = (r, _) => Task.FromResult(r.Path == "/flaky" && seen.AddOrUpdate(r.Id, 1, (_, n) => n + 1) == 1 ? Results.StatusCode(503) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var (up, _) = await CreateEndpointAsync(tenant, Receiver.Url("/up"));
        var (flaky, _) = await CreateEndpointAsync(tenant, Receiver.Url("/flaky"));
        var order = "ORD-" + Guid.NewGuid().ToString("N")[..8];
        var created = await SendAsync(tenant, Events.Order("created", order));
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{flaky}/stats"), s => s.Long("sent") == 1);
        var other = await SendAsync(tenant, Events.Order("created"));
        var completed = await SendAsync(tenant, Events.Order("completed", order));
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{flaky}/stats"), s => s.Long("sent") == 3);
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{up}/stats"), s => s.Long("sent") == 3);

        var timeline = await tenant.GetAsync($"/v1/logs?objectId={order}");

        Assert.Equal(order, timeline.GetProperty("objectId").GetString());
        Assert.False(timeline.GetProperty("truncated").GetBoolean());
        var events = timeline.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal([completed, created], events.Select(e => e.GetProperty("eventId").GetString()));
        Assert.DoesNotContain(other, events.Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal(["order.completed", "order.created"], events.Select(e => e.GetProperty("eventType").GetString()));
        foreach (var (evt, eventId) in events.Zip([completed, created]))
        {
            var deliveries = evt.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("endpointId").GetString()!);
            Assert.Equal(new[] { flaky, up }.Order(StringComparer.Ordinal), deliveries.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(evt.GetProperty("lastAttemptAt").GetDateTimeOffset(), deliveries.Values.Max(d => d.GetProperty("lastAttemptAt").GetDateTimeOffset()));
            var retried = deliveries[flaky];
            Assert.Equal(Ids.Message(eventId!, flaky), retried.GetProperty("messageId").GetString());
            Assert.Equal("delivered", retried.GetProperty("state").GetString());
            var attempts = retried.GetProperty("attempts").EnumerateArray().ToList();
            Assert.Equal([(2, "success", 200), (1, "http_5xx", 503)], attempts.Select(a => (a.GetProperty("attempt").GetInt32(), a.GetProperty("outcome").GetString(), a.GetProperty("statusCode").GetInt32())));
            Assert.True(attempts[0].GetProperty("at").GetDateTimeOffset() >= attempts[1].GetProperty("at").GetDateTimeOffset());
            var once = Assert.Single(deliveries[up].GetProperty("attempts").EnumerateArray());
            Assert.Equal("success", once.GetProperty("outcome").GetString());
        }

        var atOneEndpoint = await tenant.GetAsync($"/v1/logs?objectId={order}&endpointId={up}");
        Assert.All(atOneEndpoint.GetProperty("events").EnumerateArray(), e => Assert.Equal([up], e.GetProperty("deliveries").EnumerateArray().Select(d => d.GetProperty("endpointId").GetString())));
        Assert.Equal(2, atOneEndpoint.GetProperty("events").GetArrayLength());

        // Gateway.Client reads the same timeline into its records.
        var client = Gateway.Client.GatewayClient.Create(new Gateway.Client.GatewayClientOptions { BaseAddress = Factory.Server.BaseAddress, ApiKey = tenant.ApiKey }, Factory.Server.CreateHandler());
        var typed = await client.Logs.GetOrderTimelineAsync(order);
        Assert.Equal([completed, created], typed.Events.Select(e => e.EventId));
        Assert.Equal([2, 1], typed.Events[0].Deliveries.Single(d => d.EndpointId == flaky).Attempts.Select(a => a.Attempt));
    }

    [Fact]
    public async Task Logs_ByObjectId_ATargetNotAttemptedYet_IsListedPendingWithoutAttempts()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (now, _) = await CreateEndpointAsync(tenant, Receiver.Url("/now"));
        var (later, _) = await CreateEndpointAsync(tenant, Receiver.Url("/later"), new { delaySeconds = 3600 });
        var order = "ORD-" + Guid.NewGuid().ToString("N")[..8];
        var sent = await SendAsync(tenant, Events.Order("created", order));
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{now}/stats"), s => s.Long("sent") == 1);

        var timeline = await tenant.GetAsync($"/v1/logs?objectId={order}");

        var deliveries = Assert.Single(timeline.GetProperty("events").EnumerateArray()).GetProperty("deliveries").EnumerateArray().ToList();
        Assert.Equal([(now, "delivered", 1), (later, "pending", 0)],
            deliveries.Select(d => (d.GetProperty("endpointId").GetString(), d.GetProperty("state").GetString(), d.GetProperty("attempts").GetArrayLength())));
        Assert.Equal(Ids.Message(sent, later), deliveries[1].GetProperty("messageId").GetString());
        Assert.False(deliveries[1].TryGetProperty("lastAttemptAt", out _));
        Assert.True(deliveries[1].GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));
    }

    [Fact]
    public async Task Logs_ByObjectId_AnotherTenantsOrderFindsOnlyItsOwn()
    {
        var tenant = await Factory.CreateTenantAsync();
        var stranger = await Factory.CreateTenantAsync();
        var (mine, _) = await CreateEndpointAsync(tenant, Receiver.Url("/mine"));
        var (theirs, _) = await CreateEndpointAsync(stranger, Receiver.Url("/theirs"));
        var order = "ORD-" + Guid.NewGuid().ToString("N")[..8];
        var myEvent = await SendAsync(tenant, Events.Order("created", order));
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{mine}/stats"), s => s.Long("sent") == 1);

        Assert.Empty((await stranger.GetAsync($"/v1/logs?objectId={order}")).GetProperty("events").EnumerateArray());
        await ProblemAssert.IsProblemAsync(await stranger.Http.GetAsync($"/v1/logs?objectId={order}&endpointId={mine}"), HttpStatusCode.NotFound);

        var theirEvent = await SendAsync(stranger, Events.Order("created", order));
        await EventuallyAsync(() => stranger.GetAsync($"/v1/endpoints/{theirs}/stats"), s => s.Long("sent") == 1);
        Assert.Equal([theirEvent], (await stranger.GetAsync($"/v1/logs?objectId={order}")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
        Assert.Equal([myEvent], (await tenant.GetAsync($"/v1/logs?objectId={order}")).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("eventId").GetString()));
        Assert.Empty((await tenant.GetAsync("/v1/logs?objectId=ORD-never-sent")).GetProperty("events").EnumerateArray());
    }

    [Theory]
    [InlineData("objectId=", "/objectId")]
    [InlineData("objectId=ORD-1&status=503", "/status")]
    [InlineData("objectId=ORD-1&state=sent", "/state")]
    [InlineData("objectId=ORD-1&cursor=abc", "/cursor")]
    [InlineData("objectId=ORD-1&messageId=msg_x", "/messageId")]
    [InlineData("objectId=ORD-1&from=yesterday", "/from")]
    public async Task Logs_BadOrderLookup_Is422WithItsPointer(string query, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();

        var problem = await ProblemAssert.IsProblemAsync(await tenant.Http.GetAsync("/v1/logs?" + query), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([pointer], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Logs_ObjectIdLongerThanTheBound_Is422()
    {
        var tenant = await Factory.CreateTenantAsync();

        var problem = await ProblemAssert.IsProblemAsync(await tenant.Http.GetAsync("/v1/logs?objectId=" + new string('x', 1025)), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["/objectId"], ProblemAssert.ErrorPaths(problem));
    }
}

[Collection(RedisApiCollection.Name)]
public sealed class OrderTimelineOnRedisTests(RedisFixture store) : OrderTimelineTests(store);

[Collection(ClusterCollection.Name)]
public sealed class OrderTimelineOnClusterTests(ClusterFixture store) : OrderTimelineTests(store);
