using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Gateway.Tests.Delivery;

/// <summary>
/// A deployment upgraded in place: what the previous build left in Redis (events accepted by the accept script and
/// queued by a call per target, as that build did and a cluster still does, ordered groups waiting behind their heads,
/// delayed messages, a fan-out cut short with its pending mark) is drained by this build's one-call accept and
/// batched acknowledgements, every message once and each order in order.
/// </summary>
public abstract class UpgradeInPlaceTests(StoreFixture store)
{
    [Fact]
    public async Task Upgrade_PreviousLayoutInRedis_NewBuildDeliversEveryMessageOnceAndInOrder()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var previous = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Gateway:Roles"] = "api", ["Redis:SingleCallAccept"] = "false",
        });
        var tenant = await previous.CreateTenantAsync();
        var plain = await EndpointAsync(tenant, receiver.Url("/plain"), null);
        var ordered = await EndpointAsync(tenant, receiver.Url("/ordered"), new { ordering = new { } });
        var delayed = await EndpointAsync(tenant, receiver.Url("/delayed"), new { delaySeconds = 1 });

        var orders = Enumerable.Range(0, 5).Select(i => $"ord-upgrade-{Guid.NewGuid():N}"[..24]).ToList();
        var eventIds = new List<string>();
        foreach (var status in new[] { "created", "completed" })
        {
            foreach (var orderId in orders)
            {
                var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order(status, orderId));
                Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                eventIds.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            }
        }

        var halfAccepted = Ids.NewEvent(5);
        await HalfAccepted.WriteAsync(previous.Store, 5, halfAccepted, tenant.Id, Events.Order().ToJsonString(), plain,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 60_000);

        await using var upgraded = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = previous.KeyPrefix, ["Gateway:Roles"] = "api,worker",
        });
        _ = upgraded.Server;
        Assert.True(upgraded.Store.IsSingleServer);
        await upgraded.Services.GetServices<IHostedService>().OfType<FanoutRecovery>().Single().SweepAsync(TimeSpan.FromSeconds(30));
        var accepted = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order("completed", orders[0])); // new build, same groups
        Assert.True(accepted.IsSuccessStatusCode);

        var expected = (eventIds.Count * 3) + 1 + 3;
        var seen = await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() >= expected, TimeSpan.FromSeconds(30));
        foreach (var endpointId in new[] { plain, ordered, delayed })
        {
            await tenant.WaitForIdleAsync(endpointId); // all settled: a duplicate could not come later
        }

        Assert.Equal(expected, receiver.Requests.Count);
        Assert.Equal(expected, receiver.Requests.Select(r => r.Id).Distinct().Count());
        Assert.Contains(Ids.Message(halfAccepted, plain), receiver.Requests.Select(r => r.Id));
        foreach (var orderId in orders)
        {
            var statuses = receiver.Requests.Where(r => r.Path == "/ordered" && r.Body.Contains(orderId, StringComparison.Ordinal))
                .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).ToList();
            Assert.Equal(orderId == orders[0] ? ["created", "completed", "completed"] : ["created", "completed"], statuses);
        }

        Assert.Equal(0, await upgraded.Store.Database.SortedSetLengthAsync(upgraded.Store.Keys.PendingFanout(5)));
    }

    private static async Task<string> EndpointAsync(TenantClient tenant, string url, object? extra) =>
        (await tenant.CreateEndpointAsync(url, ["*"], extra)).GetProperty("id").GetString()!;
}

[Collection(RedisCollection.Name)]
public sealed class UpgradeInPlaceOnRedisTests(RedisFixture store) : UpgradeInPlaceTests(store);

[Collection(GarnetCollection.Name)]
public sealed class UpgradeInPlaceOnGarnetTests(GarnetFixture store) : UpgradeInPlaceTests(store);
