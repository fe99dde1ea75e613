using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Logs;

/// <summary>The seed's subscriber rules end to end: what is blocked is logged with its rule and counted; item cap; custom headers.</summary>
[Collection(RedisApiCollection.Name)]
public sealed class SeedRuleDeliveryTests(RedisFixture store) : DeliveryTestBase(store)
{
    [Theory]
    [InlineData("""{"order.status": {"in": ["Shipped"]}}""", "order.status")]
    [InlineData("""{"$orderTotal": {"gt": 100}}""", "$orderTotal")]
    [InlineData("""{"$itemCodes": {"in": ["SKU-GOLD"]}}""", "$itemCodes")]
    [InlineData("""{"$customerEmail": {"nlike": ["*@domain.com"]}}""", "$customerEmail")]
    public async Task SeedRule_RejectedEvent_LoggedWithTheRuleAndCounted(string filter, string ruleMentions)
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, _) = await CreateEndpointAsync(tenant, Receiver.Url("/rule"), new { filter = JsonDocument.Parse(filter).RootElement });
        var matching = Events.Order(items: 2, price: 80m, email: "ada@example.com");
        matching["order"]!["status"] = "Shipped";
        matching["order"]!["items"]![0]!["productCode"] = "SKU-GOLD";
        var rejected = Events.Order(items: 1, price: 5m, email: "eve@domain.com");
        rejected["order"]!["status"] = "Processing";

        var delivered = await SendAsync(tenant, matching);
        var blocked = await SendAsync(tenant, rejected);

        var received = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();
        Assert.Equal(matching["objectId"]!.GetValue<string>(), JsonNode.Parse(received.Body)!["objectId"]!.GetValue<string>());
        var stats = await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{endpoint}/stats"), s => s.Long("sent") == 1);
        Assert.Equal(1, stats.Long("filtered"));
        Assert.Equal(1, stats.GetProperty("range").Long("filtered"));
        var entry = (await tenant.GetAsync($"/v1/endpoints/{endpoint}/filtered")).GetProperty("data").EnumerateArray().Single();
        Assert.Equal(blocked, entry.GetProperty("eventId").GetString());
        Assert.Contains(ruleMentions, entry.GetProperty("rule").GetString());
        var listed = (await tenant.GetAsync("/v1/logs?state=filtered")).GetProperty("data").EnumerateArray().Single();
        Assert.Equal((blocked, entry.GetProperty("rule").GetString()), (listed.GetProperty("eventId").GetString(), listed.GetProperty("rule").GetString()));
        Assert.NotEqual(delivered, blocked);
    }

    [Fact]
    public async Task SeedRule_IdempotentRetryOfABlockedEvent_CountedOnce()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, _) = await CreateEndpointAsync(tenant, Receiver.Url("/rule"), new { filter = JsonDocument.Parse("""{"$orderTotal": {"gt": 100}}""").RootElement });
        var doc = Events.Order(price: 1m);
        for (var i = 0; i < 2; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(doc) };
            request.Headers.Add("Idempotency-Key", "same-key");
            Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.SendAsync(request)).StatusCode);
        }

        Assert.Equal(1, (await tenant.GetAsync($"/v1/endpoints/{endpoint}/stats")).Long("filtered"));
    }

    [Fact]
    public async Task MaxOrderItems_CapsTheItemsAndTheSignatureCoversTheBytesSent()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/capped"), new { maxOrderItems = 2 });
        Assert.Equal(2, (await tenant.GetAsync($"/v1/endpoints/{endpoint}")).GetProperty("maxOrderItems").GetInt32());
        var doc = Events.Order(items: 5);

        await SendAsync(tenant, doc);

        var received = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();
        var items = JsonNode.Parse(received.Body)!["order"]!["items"]!.AsArray();
        Assert.Equal(["SKU-1", "SKU-2"], items.Select(i => i!["productCode"]!.GetValue<string>()));
        Assert.True(SignedDelivery.Verify(secret, received), "the signature does not verify over the capped body");
    }

    [Fact]
    public async Task MaxItems_TheFormerName_IsStillReadAsMaxOrderItems_ButNotBesideIt()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, _) = await CreateEndpointAsync(tenant, Receiver.Url("/capped"), new { maxItems = 3 });
        Assert.Equal(3, (await tenant.GetAsync($"/v1/endpoints/{endpoint}")).GetProperty("maxOrderItems").GetInt32());

        using var both = await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{endpoint}", new { maxOrderItems = 1, maxItems = 2 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, both.StatusCode);
        Assert.Contains("former name of maxOrderItems", await both.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CustomHeaders_Delivered_AndCannotReplaceWebhookHeaders()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (_, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/headers"), new { headers = new Dictionary<string, string> { ["X-Shop"] = "acme", ["Authorization"] = "Bearer partner-token" } });

        await SendAsync(tenant);

        var received = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();
        Assert.Equal("acme", received.Headers["X-Shop"].ToString());
        Assert.Equal("Bearer partner-token", received.Headers.Authorization.ToString());
        Assert.True(SignedDelivery.Verify(secret, received));
        foreach (var reserved in new[] { "webhook-id", "Webhook-Signature", "webhook-timestamp", "Connection", "Host" })
        {
            var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = Receiver.Url("/x"), eventTypes = new[] { "*" }, headers = new Dictionary<string, string> { [reserved] = "forged" } });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.StartsWith("/headers", problem.GetProperty("errors")[0].GetProperty("path").GetString());
        }
    }
}
