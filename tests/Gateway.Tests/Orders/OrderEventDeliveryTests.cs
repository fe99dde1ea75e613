using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;

namespace Gateway.Tests.Orders;

/// <summary>The order.statusChanged event from a status change to a real receiver, signed, and its absence when notify is false.</summary>
public abstract class OrderEventDeliveryTests(StoreFixture store) : OrdersTestBase(store)
{
    [Fact]
    public async Task StatusChange_IsDeliveredSigned_WithPreviousStatusStatusAndMessage()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (_, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/orders"), new { eventTypes = new[] { "order.statusChanged" } });
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", notify: false)));

        var reply = await PutStatusAsync(tenant.Http, orderId, Status("Completed With Errors", "licence 2 of 2 failed"));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var received = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();
        Assert.True(SignedDelivery.Verify(secret, received), "signature does not verify");
        Assert.Empty(SchemaSamples.Schema("order.statusChanged").Validate(received.Body));
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("order", body.GetProperty("subject").GetString());
        Assert.Equal("statusChanged", body.GetProperty("type").GetString());
        Assert.Equal(orderId, body.GetProperty("objectId").GetString());
        Assert.InRange(body.GetProperty("eventDate").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var order = body.GetProperty("order");
        Assert.Equal(orderId, order.GetProperty("id").GetString());
        Assert.Equal("Completed With Errors", order.GetProperty("status").GetString());
        Assert.Equal("In Progress", order.GetProperty("previousStatus").GetString());
        Assert.Equal("licence 2 of 2 failed", order.GetProperty("message").GetString());
        Assert.Equal("Ada Lovelace", order.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal(12.5, order.GetProperty("items")[0].GetProperty("price").GetDouble());
    }

    [Fact]
    public async Task NotifyFalse_IsRecordedButSendsNothing()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/quiet"), new { eventTypes = new[] { "order.*" } });
        var orderId = NewOrderId();

        var quiet = await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", "silent", notify: false)));
        // A notified change afterwards is the marker: once it has arrived, an event of the quiet change would have too.
        var loud = await PutStatusAsync(tenant.Http, orderId, Status("Completed", "done"));
        await Receiver.WaitForAsync(r => r.Count >= 1);
        await tenant.WaitForIdleAsync(endpointId);

        Assert.True(quiet.Status == HttpStatusCode.OK, quiet.ToString());
        Assert.False(quiet.Body.GetProperty("notified").GetBoolean());
        Assert.False(quiet.Body.TryGetProperty("eventId", out _));
        Assert.NotNull(loud.String("eventId"));
        var only = Assert.Single(Receiver.Requests);
        Assert.Equal("Completed", JsonDocument.Parse(only.Body).RootElement.GetProperty("order").GetProperty("status").GetString());
        var history = (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Body.GetProperty("history");
        Assert.False(history[0].GetProperty("notified").GetBoolean());
        Assert.Equal("silent", history[0].GetProperty("message").GetString());
        Assert.True(history[1].GetProperty("notified").GetBoolean());
    }

    [Fact]
    public async Task StatusChange_GoesThroughEndpointFilters()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpointId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/completed-only"), new { eventTypes = new[] { "order.statusChanged" }, filter = new Dictionary<string, object> { ["order.status"] = "Completed" } });
        var orderId = NewOrderId();

        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress")));
        await PutStatusAsync(tenant.Http, orderId, Status("Completed"));
        await Receiver.WaitForAsync(r => r.Count >= 1);
        await tenant.WaitForIdleAsync(endpointId);

        var only = Assert.Single(Receiver.Requests);
        Assert.Equal("Completed", JsonDocument.Parse(only.Body).RootElement.GetProperty("order").GetProperty("status").GetString());
    }
}

[Collection(RedisApiCollection.Name)]
public sealed class OrderEventDeliveryOnRedisTests(RedisFixture store) : OrderEventDeliveryTests(store);

[Collection(GarnetCollection.Name)]
public sealed class OrderEventDeliveryOnGarnetTests(GarnetFixture store) : OrderEventDeliveryTests(store);

[Collection(ClusterCollection.Name)]
public sealed class OrderEventDeliveryOnClusterTests(ClusterFixture store) : OrderEventDeliveryTests(store);
