using System.Net;
using System.Text.Json.Nodes;
using Gateway.Client;
using Gateway.Client.Endpoints;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Client;

/// <summary>Gateway.Client against the real gateway host and a real Redis.</summary>
[Collection(RedisCollection.Name)]
public sealed class GatewayClientTests(RedisFixture store) : GatewayTestBase(store)
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Gateway:TenantEventsPerSecond"] = "1" };

    private GatewayClient Client(string apiKey, Action<GatewayClientOptions>? configure = null)
    {
        var options = new GatewayClientOptions { BaseAddress = Factory.Server.BaseAddress, ApiKey = apiKey, RetryDelay = TimeSpan.FromMilliseconds(50) };
        configure?.Invoke(options);
        return GatewayClient.Create(options, Factory.Server.CreateHandler());
    }

    [Fact]
    public async Task AdminAndTenant_CreateTenantEndpointSendEventReadItBack()
    {
        var admin = Client(GatewayFactory.AdminKey);
        var tenant = await admin.Admin.CreateTenantAsync("client-shop");
        Assert.Contains(await admin.Admin.ListTenantsAsync(), t => t.Id == tenant.Id);
        var client = Client(tenant.ApiKey);

        var endpoint = await client.Endpoints.CreateAsync(new EndpointRequest("https://hooks.example.com/orders", ["order.*"])
        {
            Filter = JsonNode.Parse("""{"$orderTotal":{"gt":100}}"""),
            Ordering = new Gateway.Client.Endpoints.Ordering(OnExhausted: "pause"),
        });
        Assert.StartsWith("whsec_", endpoint.Secret);
        Assert.Equal("pause", endpoint.Ordering?.OnExhausted);
        var rotated = await client.Endpoints.RotateSecretAsync(endpoint.Id);
        Assert.Equal(rotated.Secret, await client.Endpoints.GetSecretAsync(endpoint.Id));
        var disabled = await client.Endpoints.UpdateAsync(endpoint.Id, new EndpointUpdate { Disabled = true });
        Assert.True(disabled.Disabled);

        var accepted = await client.Events.SendAsync(Events.Order(orderId: "ORD-CLIENT-1"));
        Assert.Equal("order.completed", accepted.EventType);
        var read = await client.Events.GetAsync(accepted.Id);
        Assert.Equal("ORD-CLIENT-1", read.Payload.GetProperty("objectId").GetString());
        Assert.Contains(await client.EventTypes.ListAsync(), t => t.Name == "order.completed");

        await client.Endpoints.DeleteAsync(endpoint.Id);
        var gone = await Assert.ThrowsAsync<GatewayApiException>(() => client.Endpoints.GetAsync(endpoint.Id));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task InvalidEndpoint_GatewayApiException_CarriesProblemWithPointers()
    {
        var client = Client((await Factory.CreateTenantAsync()).ApiKey);

        var error = await Assert.ThrowsAsync<GatewayApiException>(() => client.Endpoints.CreateAsync(new EndpointRequest("not a url", [])));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.NotNull(error.Problem?.Title);
        Assert.Contains(error.Errors, e => e.Path == "/url");
        Assert.Contains("/url", error.Message);
    }

    [Fact]
    public async Task SameIdempotencyKey_SecondSendIsReplayed_SameEventId()
    {
        var client = Client((await Factory.CreateTenantAsync()).ApiKey);
        var order = Events.Order(orderId: "ORD-IDEM-1");
        var first = await client.Events.SendAsync(order, "order-idem-1");
        var second = await client.Events.SendAsync(order, "order-idem-1");

        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Id, second.Id);
    }

    [Fact]
    public async Task RateLimited_EventWithKey_RetriedAfterRetryAfter_Accepted()
    {
        var client = Client((await Factory.CreateTenantAsync()).ApiKey);
        await client.Events.SendAsync(Events.Order(orderId: "ORD-RATE-1"));
        var started = TimeProvider.System.GetTimestamp();

        // The tenant may send one event a second: this one gets 429 with Retry-After, and the client waits and retries.
        var accepted = await client.Events.SendAsync(Events.Order(orderId: "ORD-RATE-2"));

        Assert.Equal("order.completed", accepted.EventType);
        Assert.True(TimeProvider.System.GetElapsedTime(started) >= TimeSpan.FromMilliseconds(500), "it did not wait for Retry-After");
    }

    [Fact]
    public async Task RateLimited_PostWithoutKey_NeverRetried_ExceptionCarriesRetryAfter()
    {
        var client = Client((await Factory.CreateTenantAsync()).ApiKey, o => o.AddIdempotencyKeys = false);
        await client.Events.SendAsync(Events.Order(orderId: "ORD-NOKEY-1"));

        var error = await Assert.ThrowsAsync<GatewayApiException>(() => client.Events.SendAsync(Events.Order(orderId: "ORD-NOKEY-2")));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.NotNull(error.RetryAfter);
        Assert.True(error.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task AddGatewayClient_ResolvesAConfiguredClient()
    {
        var tenant = await Factory.CreateTenantAsync();
        var services = new ServiceCollection();
        services.AddGatewayClient(o => { o.BaseAddress = Factory.Server.BaseAddress; o.ApiKey = tenant.ApiKey; })
            .ConfigurePrimaryHttpMessageHandler(() => Factory.Server.CreateHandler());
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<GatewayClient>();

        Assert.Empty(await client.Endpoints.ListAsync());
        Assert.Equal("ok", (await client.GetHealthAsync()).Status);
    }
}
