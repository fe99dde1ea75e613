using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Orders;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Orders;
using Gateway.Tests.Schemas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Ordering;

/// <summary>Ordered endpoints end to end, in one gateway (API and workers) with a real receiver and a fast retry schedule
/// (4 attempts, 50 ms apart): settings, exhaustion under skip and pause, replay to the tail, and order status events.</summary>
public abstract class OrderedDeliveryTests(StoreFixture store) : OrdersTestBase(store)
{
    [Fact]
    public async Task Ordering_DefaultsOnCreate_RefusesBadSettingsWithPointers_AndTurnsOffWithNull()
    {
        var tenant = await Factory.CreateTenantAsync();
        var created = await tenant.CreateEndpointAsync(Receiver.Url("/settings"), ["*"], new { ordering = new { } });
        Assert.Equal("objectId", created.GetProperty("ordering").GetProperty("key").GetString());
        Assert.Equal("skip", created.GetProperty("ordering").GetProperty("onExhausted").GetString());
        var id = created.GetProperty("id").GetString();

        using var bad = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new
        {
            url = Receiver.Url("/settings"), eventTypes = new[] { "*" }, ordering = new { key = "order/id", onExhausted = "retry", size = 3 },
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        var paths = (await Reply.ReadAsync(bad)).ErrorPaths.Order().ToArray();
        Assert.Equal(["/ordering/key", "/ordering/onExhausted", "/ordering/size"], paths);
        using var notObject = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { ordering = "objectId" });
        Assert.Equal(["/ordering"], (await Reply.ReadAsync(notObject)).ErrorPaths);
        using var badPointer = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { ordering = new { key = "/order/~2" } });
        Assert.Equal(["/ordering/key"], (await Reply.ReadAsync(badPointer)).ErrorPaths);

        using var pause = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { ordering = new { key = "/order/id", onExhausted = "pause" } });
        var paused = (await Reply.ReadAsync(pause)).Body.GetProperty("ordering");
        Assert.Equal(("/order/id", "pause"), (paused.GetProperty("key").GetString(), paused.GetProperty("onExhausted").GetString()));
        using var off = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { ordering = (object?)null });
        Assert.False((await Reply.ReadAsync(off)).Body.TryGetProperty("ordering", out _));
    }

    [Fact]
    public async Task TwoEventsOfAnOrderOnDifferentShards_AreDeliveredInTheOrderTheirAcceptsAnswered()
    {
        // Each event without an Idempotency-Key lands in a random ingestion shard: the second event of an order, sent
        // once the first got its 202, must still reach an ordered endpoint after the first.
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/shards"), new { ordering = new { } });
        var orders = new List<string>();
        for (var attempt = 0; orders.Count < 3 && attempt < 50; attempt++)
        {
            var orderId = NewOrderId();
            var first = await SendAsync(tenant, Events.Order("created", orderId));
            var second = await SendAsync(tenant, Events.Order("completed", orderId));
            Assert.True(Gateway.Delivery.Storage.RedisKeys.TryShardOf(first, out var a));
            Assert.True(Gateway.Delivery.Storage.RedisKeys.TryShardOf(second, out var b));
            if (a != b)
            {
                orders.Add(orderId);
            }
        }

        Assert.Equal(3, orders.Count);
        var seen = await Receiver.WaitForAsync(r => orders.All(o => r.Count(x => x.Path == "/shards" && x.Body.Contains(o, StringComparison.Ordinal)) >= 2));
        foreach (var orderId in orders)
        {
            var types = seen.Where(x => x.Path == "/shards" && x.Body.Contains(orderId, StringComparison.Ordinal))
                .Select(x => JsonDocument.Parse(x.Body).RootElement.GetProperty("type").GetString()).ToList();
            Assert.Equal(["created", "completed"], types);
        }
    }

    [Fact]
    public async Task EventDetail_OrderedTarget_NamesTheEndpointAndItsDelivery()
    {
        // An ordered target is kept as "endpointId:delay:group"; the detail once cut it at its last ':' and named an
        // endpoint "endpointId:delay" with a message id that matched nothing.
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/detail"), new { ordering = new { } });
        var eventId = await SendAsync(tenant, Events.Order("created", NewOrderId()));
        await Receiver.WaitForAsync(r => r.Any(x => x.Path == "/detail"));

        var detail = await EventuallyAsync(
            () => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}"),
            d => d.GetProperty("deliveries")[0].GetProperty("state").GetProperty("status").GetString() == "delivered");
        var delivery = Assert.Single(detail.GetProperty("deliveries").EnumerateArray());
        Assert.Equal(endpointId, delivery.GetProperty("endpointId").GetString());
        Assert.Equal(Gateway.Delivery.Storage.Ids.Message(eventId, endpointId), delivery.GetProperty("messageId").GetString());
    }

    [Fact]
    public async Task HeadExhaustsUnderSkip_NextIsDeliveredAfterIt_CarryingTheSkippedId()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/skip"), new { ordering = new { key = "objectId" } });
        Receiver.Respond = (request, _) => Task.FromResult(request.Body.Contains("\"created\"", StringComparison.Ordinal) ? Results.StatusCode(500) : Results.Ok());
        var orderId = NewOrderId();
        var created = await SendAsync(tenant, Events.Order("created", orderId));
        var completed = await SendAsync(tenant, Events.Order("completed", orderId));

        var seen = await Receiver.WaitForAsync(r => r.Any(x => x.Body.Contains("\"completed\"", StringComparison.Ordinal)));
        var createdAttempts = seen.Where(r => r.Body.Contains("\"created\"", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, createdAttempts.Count);
        var next = seen.Single(r => r.Body.Contains("\"completed\"", StringComparison.Ordinal));
        Assert.True(next.At >= createdAttempts.Max(r => r.At), "the next message was attempted before its predecessor was dead-lettered");
        Assert.Equal(createdAttempts[0].Id, next.Headers["webhook-skipped-ids"].ToString());
        Assert.Equal(StackExchange.Redis.RedisValue.Null, (await Factory.Store.Database.HashGetAsync(Factory.Store.Keys.GroupHeads(endpointId), orderId)));
        Assert.NotEqual(created, completed);
    }

    [Fact]
    public async Task HeadExhaustsUnderPause_NothingFollowsUntilReplay_AndTheReplayGoesToTheGroupsTail()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/pause"), new { ordering = new { onExhausted = "pause" } });
        var failing = true;
        Receiver.Respond = (request, _) => Task.FromResult(failing && request.Body.Contains("\"created\"", StringComparison.Ordinal) ? Results.StatusCode(503) : Results.Ok());
        var orderId = NewOrderId();
        await SendAsync(tenant, Events.Order("created", orderId));
        await SendAsync(tenant, Events.Order("completed", orderId));
        var other = await SendAsync(tenant, Events.Order("completed", NewOrderId()));

        var deadLetter = await EventuallyAsync(
            async () => await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={endpointId}"),
            page => page.GetProperty("data").GetArrayLength() == 1);
        var deadId = deadLetter.GetProperty("data")[0].GetProperty("id").GetString()!;
        Assert.Equal(orderId, deadLetter.GetProperty("data")[0].GetProperty("group").GetString());
        await SendAsync(tenant, Events.Order("canceled", orderId));
        await Receiver.WaitForAsync(r => r.Any(x => x.Id.Contains(other[4..], StringComparison.Ordinal)));
        await tenant.WaitForIdleAsync(endpointId); // the paused group's messages wait; nothing else is queued
        Assert.Equal(4, Receiver.Requests.Count(r => r.Body.Contains(orderId, StringComparison.Ordinal)));

        var groups = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/ordering/groups?state=blocked");
        var blocked = Assert.Single(groups.GetProperty("data").EnumerateArray());
        Assert.Equal((orderId, "paused", deadId, 4, 2), (blocked.GetProperty("key").GetString(), blocked.GetProperty("state").GetString(),
            blocked.GetProperty("headMessageId").GetString(), blocked.GetProperty("attempts").GetInt32(), blocked.GetProperty("waiting").GetInt32()));
        Assert.True(blocked.GetProperty("waitingSeconds").GetDouble() > 0);
        var metrics = Factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(15);
        string scrape;
        while (!(scrape = await metrics.GetStringAsync("/metrics")).Contains($"gateway_ordering_blocked_groups{{tenant=\"{tenant.Id}\"}} 1", StringComparison.Ordinal)
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        Assert.Contains($"gateway_ordering_blocked_groups{{tenant=\"{tenant.Id}\"}} 1", scrape);
        Assert.Contains($"gateway_ordering_groups{{tenant=\"{tenant.Id}\"}} 1", scrape);
        Assert.Contains($"gateway_queue_depth{{state=\"waiting\",tenant=\"{tenant.Id}\"}} 2", scrape);
        Assert.Matches($"gateway_ordering_oldest_blocked_age_seconds{{tenant=\"{tenant.Id}\"}} [0-9.]*[1-9]", scrape);

        failing = false;
        using var replay = await tenant.Http.PostAsync($"/v1/dead-letters/{deadId}/replay", null);
        Assert.True(replay.IsSuccessStatusCode);
        var all = await Receiver.WaitForAsync(r => r.Count(x => x.Body.Contains(orderId, StringComparison.Ordinal)) == 7);
        var types = all.Where(r => r.Body.Contains(orderId, StringComparison.Ordinal)).Skip(4)
            .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()!).ToArray();
        Assert.Equal(["completed", "canceled", "created"], types);
        Assert.Empty((await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/ordering/groups")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task HeadExhaustsUnderPause_DeletingTheDeadLetter_LetsTheGroupGoOnNamingIt()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/pause-delete"), new { ordering = new { onExhausted = "pause" } });
        Receiver.Respond = (request, _) => Task.FromResult(request.Body.Contains("\"created\"", StringComparison.Ordinal) ? Results.StatusCode(500) : Results.Ok());
        var orderId = NewOrderId();
        await SendAsync(tenant, Events.Order("created", orderId));
        await SendAsync(tenant, Events.Order("completed", orderId));
        var page = await EventuallyAsync(
            async () => await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters?endpointId={endpointId}"),
            p => p.GetProperty("data").GetArrayLength() == 1);
        var deadId = page.GetProperty("data")[0].GetProperty("id").GetString()!;
        await tenant.WaitForIdleAsync(endpointId);
        Assert.DoesNotContain(Receiver.Requests, r => r.Body.Contains("\"completed\"", StringComparison.Ordinal));

        using var deleted = await tenant.Http.DeleteAsync($"/v1/dead-letters/{deadId}");
        Assert.True(deleted.IsSuccessStatusCode);
        var next = (await Receiver.WaitForAsync(r => r.Any(x => x.Body.Contains("\"completed\"", StringComparison.Ordinal))))
            .Single(r => r.Body.Contains("\"completed\"", StringComparison.Ordinal));
        Assert.Equal(deadId, next.Headers["webhook-skipped-ids"].ToString());
    }

    [Fact]
    public async Task KeyFromAJsonPointer_WithSeparatorsInItsValue_GroupsTheOrdersEvents()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/pointer"), new { ordering = new { key = "/order/id", onExhausted = "pause" } });
        Receiver.Respond = (request, _) => Task.FromResult(request.Body.Contains("\"created\"", StringComparison.Ordinal) ? Results.StatusCode(500) : Results.Ok());
        const string orderId = "ord:1,2|x {y} ü";
        await SendAsync(tenant, Events.Order("created", orderId));
        await SendAsync(tenant, Events.Order("completed", orderId));

        var groups = await EventuallyAsync(
            async () => await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/ordering/groups"),
            g => g.GetProperty("data").GetArrayLength() == 1 && g.GetProperty("data")[0].GetProperty("state").GetString() == "paused");
        Assert.Equal(orderId, groups.GetProperty("data")[0].GetProperty("key").GetString());
        Assert.Equal(1, groups.GetProperty("data")[0].GetProperty("waiting").GetInt32());
        Assert.DoesNotContain(Receiver.Requests, r => r.Body.Contains("\"completed\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EventWithoutTheKey_IsDeliveredUnordered_AndCounted()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/unkeyed"), new { ordering = new { key = "/order/reference" } });
        await SendAsync(tenant, Events.Order("created"));
        await Receiver.WaitForAsync(r => r.Count == 1);
        var metrics = await Factory.CreateClient().GetStringAsync("/metrics");
        Assert.Contains($"gateway_ordering_unkeyed_events_total{{tenant=\"{tenant.Id}\"}} 1", metrics);
    }

    [Fact]
    public async Task OrderStatusEvents_LeftInTheOutbox_ArriveInVersionOrder_BeforeLaterChanges()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/status-order"), new { eventTypes = new[] { "order.statusChanged" }, ordering = new { } });
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", notify: false)));

        // Version 2 applied by a process that died before sending its event: it waits in the outbox.
        var orders = Factory.Services.GetRequiredService<OrderStore>();
        var entry = new HistoryEntry("Completed With Errors", "one item failed", "key_x", DateTimeOffset.UtcNow, Notified: true, Forced: false);
        var applied = await orders.ChangeAsync(tenant.Id, orderId, new StatusChange("Completed With Errors", null, "In Progress", false, ["In Progress"], [], entry, null, null, RequireDetails: true));
        Assert.Equal(StatusChangeOutcome.Applied, applied.Outcome);

        var reply = await PutStatusAsync(tenant.Http, orderId, Status("In Progress", "retrying the item"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        var received = await Receiver.WaitForAsync(r => r.Count == 2);
        var statuses = received.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("order").GetProperty("status").GetString()!).ToArray();
        Assert.Equal(["Completed With Errors", "In Progress"], statuses);
        var sweeper = Factory.Services.GetServices<IHostedService>().OfType<OrderOutboxRecovery>().Single();
        Assert.Equal(0, await sweeper.SweepAsync(TimeSpan.Zero));
    }
}

[Collection(RedisCollection.Name)]
public sealed class OrderedDeliveryOnRedisTests(RedisFixture store) : OrderedDeliveryTests(store);

[Collection(GarnetCollection.Name)]
public sealed class OrderedDeliveryOnGarnetTests(GarnetFixture store) : OrderedDeliveryTests(store);
