using System.Net;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Logs;

/// <summary><c>GET /v1/logs</c> by <c>eventId</c>, <c>messageId</c> (the webhook-id a subscriber quotes) and HTTP <c>status</c>.</summary>
public abstract class LogLookupTests(StoreFixture store) : DeliveryTestBase(store)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Delivery:RetrySchedule"] = "01:00:00" };

    [Fact]
    public async Task Logs_ByEventIdMessageIdAndStatus_ListOnlyThoseEntries()
    {
        Receiver.Respond = (r, _) => Task.FromResult(r.Path == "/down" ? Results.StatusCode(503) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var (up, _) = await CreateEndpointAsync(tenant, Receiver.Url("/up"));
        var (down, _) = await CreateEndpointAsync(tenant, Receiver.Url("/down"));
        var first = await SendAsync(tenant);
        var second = await SendAsync(tenant);
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{down}/stats"), s => s.Long("failedAttempts") == 2);
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{up}/stats"), s => s.Long("sent") == 2);

        var ofFirst = Entries(await tenant.GetAsync($"/v1/logs?eventId={first}"));
        var ofMessage = Entries(await tenant.GetAsync($"/v1/logs?messageId={Ids.Message(first, down)}"));
        var unavailable = Entries(await tenant.GetAsync("/v1/logs?status=503"));

        Assert.Equal(["failed:" + down, "pending:" + down, "sent:" + up], ofFirst.Select(e => $"{e.GetProperty("state").GetString()}:{e.GetProperty("endpointId").GetString()}").Order(StringComparer.Ordinal));
        Assert.All(ofFirst, e => Assert.Equal(first, e.GetProperty("eventId").GetString()));
        Assert.Equal(["failed", "pending"], ofMessage.Select(e => e.GetProperty("state").GetString()).Order());
        Assert.All(ofMessage, e => Assert.Equal(Ids.Message(first, down), e.GetProperty("messageId").GetString()));
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), unavailable.Select(e => e.GetProperty("eventId").GetString()!).Order(StringComparer.Ordinal));
        Assert.All(unavailable, e => Assert.Equal(503, e.GetProperty("statusCode").GetInt32()));

        var stranger = await Factory.CreateTenantAsync();
        Assert.Empty(Entries(await stranger.GetAsync($"/v1/logs?eventId={first}")));
        Assert.Empty(Entries(await stranger.GetAsync($"/v1/logs?messageId={Ids.Message(first, down)}")));
    }

    [Theory]
    [InlineData("eventId=evt_!!", "/eventId")]
    [InlineData("eventId=order-1", "/eventId")]
    [InlineData("messageId=msg_short", "/messageId")]
    [InlineData("status=99", "/status")]
    [InlineData("status=abc", "/status")]
    [InlineData("status=600", "/status")]
    public async Task Logs_BadLookup_Is422WithItsPointer(string query, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();

        var problem = await ProblemAssert.IsProblemAsync(await tenant.Http.GetAsync("/v1/logs?" + query), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([pointer], ProblemAssert.ErrorPaths(problem));
    }

    private static List<JsonElement> Entries(JsonElement page) => [.. page.GetProperty("data").EnumerateArray()];
}

[Collection(RedisApiCollection.Name)]
public sealed class LogLookupOnRedisTests(RedisFixture store) : LogLookupTests(store);

[Collection(ClusterCollection.Name)]
public sealed class LogLookupOnClusterTests(ClusterFixture store) : LogLookupTests(store);
