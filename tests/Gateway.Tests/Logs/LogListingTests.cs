using System.Text.Json;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Logs;

/// <summary><c>GET /v1/logs</c>: each state, newest first, paged by cursor, filtered by endpoint, event type and time.</summary>
public abstract class LogListingTests(StoreFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Logs_EachState_ListsItsEntries()
    {
        Receiver.Respond = (r, n) => Task.FromResult(r.Path == "/flaky" && n == 1 ? Results.StatusCode(503) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var (ok, _) = await CreateEndpointAsync(tenant, Receiver.Url("/ok"), new { filter = JsonDocument.Parse("""{"$orderTotal": {"gt": 100}}""").RootElement });
        var (flaky, _) = await CreateEndpointAsync(tenant, Receiver.Url("/flaky"));
        var (later, _) = await CreateEndpointAsync(tenant, Receiver.Url("/later"), new { delaySeconds = 3600 });
        var big = await SendAsync(tenant, Events.Order(price: 200m));
        await Task.Delay(5); // distinct ingestion times, so the pending order below is certain
        var small = await SendAsync(tenant, Events.Order(price: 1m));
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{flaky}/stats"), s => s.Long("sent") == 2);
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{ok}/stats"), s => s.Long("sent") == 1);

        var sent = (await tenant.GetAsync("/v1/logs?state=sent")).GetProperty("data").EnumerateArray().ToList();
        var failed = (await tenant.GetAsync("/v1/logs?state=failed")).GetProperty("data").EnumerateArray().ToList();
        var filtered = (await tenant.GetAsync("/v1/logs?state=filtered")).GetProperty("data").EnumerateArray().ToList();
        var pending = (await tenant.GetAsync("/v1/logs?state=pending")).GetProperty("data").EnumerateArray().ToList();

        Assert.Equal(3, sent.Count);
        Assert.All(sent, e => Assert.Equal(("sent", "success"), (e.GetProperty("state").GetString(), e.GetProperty("outcome").GetString())));
        var failure = Assert.Single(failed);
        Assert.Equal((flaky, 503, "http_5xx"), (failure.GetProperty("endpointId").GetString(), failure.GetProperty("statusCode").GetInt32(), failure.GetProperty("outcome").GetString()));
        var rejected = Assert.Single(filtered);
        Assert.Equal(("filtered", ok, small, "order.completed"), (rejected.GetProperty("state").GetString(), rejected.GetProperty("endpointId").GetString(), rejected.GetProperty("eventId").GetString(), rejected.GetProperty("eventType").GetString()));
        Assert.Contains("$orderTotal", rejected.GetProperty("rule").GetString());
        // "blocked", the seed's word for the same log, is still accepted.
        Assert.Equal(rejected.GetProperty("eventId").GetString(), Assert.Single((await tenant.GetAsync("/v1/logs?state=blocked")).GetProperty("data").EnumerateArray()).GetProperty("eventId").GetString());
        Assert.Equal(2, pending.Count);
        Assert.All(pending, e => Assert.Equal((later, "scheduled"), (e.GetProperty("endpointId").GetString(), e.GetProperty("status").GetString())));
        Assert.All(pending, e => Assert.True(e.GetProperty("nextAttemptAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50)));
        Assert.Equal([small, big], pending.Select(e => e.GetProperty("eventId").GetString()));

        // Several states at once, and all of them by default.
        Assert.Equal(4, (await tenant.GetAsync("/v1/logs?state=sent,failed")).GetProperty("data").GetArrayLength());
        Assert.Equal(7, (await tenant.GetAsync("/v1/logs")).GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task Logs_PagedByCursor_NewestFirstWithoutGapsOrRepeats()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoints = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            endpoints.Add((await CreateEndpointAsync(tenant, Receiver.Url($"/e{i}"))).Id);
        }

        for (var i = 0; i < 7; i++)
        {
            await SendAsync(tenant, Events.Order(type: i % 2 == 0 ? "completed" : "canceled"));
        }

        await EventuallyAsync(() => tenant.GetAsync("/v1/stats/summary"), s => s.GetProperty("allTime").Long("sent") == 21);

        var whole = (await tenant.GetAsync("/v1/logs?state=sent&limit=500")).GetProperty("data").EnumerateArray().ToList();
        var paged = await tenant.AllPagesAsync("/v1/logs?state=sent", limit: 4);

        Assert.Equal(21, whole.Count);
        Assert.Equal(whole.Select(Identity), paged.Select(Identity));
        Assert.Equal(21, paged.Select(Identity).Distinct().Count());
        var times = paged.Select(e => e.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);

        // Filters: one endpoint, one event type, both, and a page size of 1.
        var one = await tenant.AllPagesAsync($"/v1/logs?state=sent&endpointId={endpoints[1]}", limit: 2);
        Assert.Equal(7, one.Count);
        Assert.All(one, e => Assert.Equal(endpoints[1], e.GetProperty("endpointId").GetString()));
        var canceled = await tenant.AllPagesAsync("/v1/logs?state=sent&eventType=order.canceled", limit: 5);
        Assert.Equal(9, canceled.Count);
        Assert.All(canceled, e => Assert.Equal("order.canceled", e.GetProperty("eventType").GetString()));
        Assert.Equal(21, (await tenant.AllPagesAsync("/v1/logs?state=sent&eventType=order.*", limit: 1)).Count);
        Assert.Equal(4, (await tenant.AllPagesAsync($"/v1/logs?endpointId={endpoints[0]}&eventType=order.completed", limit: 3)).Count);
    }

    [Fact]
    public async Task Logs_DateRange_KeepsEntriesInsideIt()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/ok"));
        await SendAsync(tenant);
        await EventuallyAsync(() => tenant.GetAsync("/v1/stats/summary"), s => s.GetProperty("allTime").Long("sent") == 1);
        var at = (await tenant.GetAsync("/v1/logs?state=sent")).GetProperty("data")[0].GetProperty("at").GetDateTimeOffset();

        Assert.Equal(1, await CountAsync(tenant, at.AddSeconds(-1), at.AddSeconds(1)));
        Assert.Equal(1, await CountAsync(tenant, at, at.AddMilliseconds(1)));
        Assert.Equal(0, await CountAsync(tenant, at.AddMilliseconds(1), at.AddMinutes(1)));
        Assert.Equal(0, await CountAsync(tenant, at.AddMinutes(-1), at)); // to is exclusive
    }

    [Fact]
    public async Task Logs_EndpointLogs_PageByTheSameCursor()
    {
        Receiver.Respond = (_, n) => Task.FromResult(n <= 2 ? Results.StatusCode(500) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, _) = await CreateEndpointAsync(tenant, Receiver.Url("/hook"));
        await SendAsync(tenant);
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{endpoint}/stats"), s => s.Long("sent") == 1);

        var attempts = await tenant.AllPagesAsync($"/v1/endpoints/{endpoint}/attempts", limit: 1);

        Assert.Equal([3, 2, 1], attempts.Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal(["success", "http_5xx", "http_5xx"], attempts.Select(a => a.GetProperty("outcome").GetString()));
    }

    private static async Task<int> CountAsync(TenantClient tenant, DateTimeOffset from, DateTimeOffset to) =>
        (await tenant.GetAsync($"/v1/logs?state=sent&from={Uri.EscapeDataString(from.ToString("O"))}&to={Uri.EscapeDataString(to.ToString("O"))}"))
            .GetProperty("data").GetArrayLength();

    private static string Identity(JsonElement e) => $"{e.GetProperty("endpointId").GetString()}/{e.GetProperty("messageId").GetString()}/{e.GetProperty("attempt").GetInt32()}";
}

[Collection(RedisApiCollection.Name)]
public sealed class LogListingOnRedisTests(RedisFixture store) : LogListingTests(store);

[Collection(GarnetCollection.Name)]
public sealed class LogListingOnGarnetTests(GarnetFixture store) : LogListingTests(store);

[Collection(ClusterCollection.Name)]
public sealed class LogListingOnClusterTests(ClusterFixture store) : LogListingTests(store);
