using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Console;

/// <summary>The small API routes the console needed: an example per event type, a test event to one endpoint, endpoint health.</summary>
[Collection(RedisCollection.Name)]
public sealed class ConsoleApiRoutesTests(RedisFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Example_OfEveryBuiltInType_IsAcceptedByIngestion()
    {
        var tenant = await Factory.CreateTenantAsync();
        var catalog = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/event-types");
        var names = catalog.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()!).ToList();
        Assert.True(names.Count >= 11);

        foreach (var name in names)
        {
            var example = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/event-types/{name}/example");
            Assert.Equal(name, $"{example.GetProperty("subject").GetString()}.{example.GetProperty("type").GetString()}");
            var accepted = await tenant.Http.PostAsJsonAsync("/v1/events", example);
            // Operational types are emitted by the gateway only: their example is valid, and refused from a tenant.
            var expected = Gateway.Delivery.Operations.OperationalEventTypes.IsOperational(name) ? HttpStatusCode.UnprocessableEntity : HttpStatusCode.Accepted;
            Assert.True(accepted.StatusCode == expected, $"{name}: {await accepted.Content.ReadAsStringAsync()}");
            if (expected != HttpStatusCode.Accepted)
            {
                Assert.Contains("only the gateway emits it", await accepted.Content.ReadAsStringAsync());
            }
        }

        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.GetAsync("/v1/event-types/order.nope/example")).StatusCode);
    }

    [Fact]
    public async Task TestEvent_GoesToThatEndpointAlone_Signed_AndHealthShowsTheSuccess()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (target, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/target"));
        var (bystander, _) = await CreateEndpointAsync(tenant, Receiver.Url("/bystander"));

        var response = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{target}/test", new { eventType = "order.created" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("queued").GetBoolean());
        var seen = await Receiver.WaitForAsync(r => r.Any(x => x.Path == "/target"));
        var delivery = seen.Single(r => r.Path == "/target");
        Assert.True(SignedDelivery.Verify(secret, delivery));
        Assert.Equal(body.GetProperty("messageId").GetString(), delivery.Id);
        Assert.Equal("created", JsonNode.Parse(delivery.Body)!["type"]!.GetValue<string>());
        await tenant.WaitForIdleAsync(bystander); // a copy for it would have been queued with the test event
        Assert.DoesNotContain(Receiver.Requests, r => r.Path == "/bystander");

        var health = await EventuallyAsync(() => tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{target}/health"),
            h => h.TryGetProperty("lastSuccessAt", out _));
        Assert.False(health.TryGetProperty("failingSince", out _));
    }

    [Fact]
    public async Task TestEvent_TheFilterRejects_IsBlockedWithTheRule_AndLogged()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (target, _) = await CreateEndpointAsync(tenant, Receiver.Url("/target"), new { filter = new Dictionary<string, object> { ["$orderTotal"] = new { gt = 100 } } });
        var payload = Events.Order(price: 5m);

        var response = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{target}/test", new { payload });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("queued").GetBoolean());
        Assert.Contains("$orderTotal", body.GetProperty("filteredBy").GetString());
        var blocked = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{target}/filtered");
        Assert.Equal(body.GetProperty("eventId").GetString(), blocked.GetProperty("data")[0].GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task TestEvent_TypeTheEndpointDoesNotTake_Is422_OtherTenantsEndpoint_Is404()
    {
        var tenant = await Factory.CreateTenantAsync();
        var other = await Factory.CreateTenantAsync("other");
        var created = await tenant.CreateEndpointAsync(Receiver.Url(), ["order.completed"]);
        var id = created.GetProperty("id").GetString();

        var wrongType = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{id}/test", new { eventType = "order.created" });
        var foreign = await other.Http.PostAsJsonAsync($"/v1/endpoints/{id}/test", new { eventType = "order.completed" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.Http.GetAsync($"/v1/endpoints/{id}/health")).StatusCode);
    }
}
