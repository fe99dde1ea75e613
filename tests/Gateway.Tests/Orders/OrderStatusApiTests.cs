using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Orders;

/// <summary>The status API on the default (platform) workflow: first status, validation, history, versions and isolation.</summary>
[Collection(RedisApiCollection.Name)]
public sealed class OrderStatusApiTests(RedisFixture store) : OrdersTestBase(store)
{
    // Each test makes its own tenant and none looks at the receiver: one host for the class.
    protected override bool HostPerClass => true;

    [Fact]
    public async Task FirstStatus_InitialStatus_CreatesTheOrderWithoutAPreviousStatus()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();

        var reply = await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress")));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Equal(orderId, reply.String("orderId"));
        Assert.Equal("In Progress", reply.String("status"));
        Assert.Equal(1, reply.Body.GetProperty("version").GetInt64());
        Assert.False(reply.Body.TryGetProperty("previousStatus", out _));
        Assert.True(reply.Body.GetProperty("notified").GetBoolean());
        Assert.StartsWith("evt_", reply.String("eventId"));
        Assert.Equal("\"1\"", reply.ETag);
    }

    [Fact]
    public async Task FirstStatus_OneTransitionFromInitial_StartsFromTheInitialStatus()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();

        var reply = await PutStatusAsync(tenant.Http, orderId, Details(Status("Completed")));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.Equal("In Progress", reply.String("previousStatus"));
    }

    [Fact]
    public async Task FirstStatus_NotReachableInOneStep_Is409ListingTheFirstStatusesAllowed()
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, new { preset = "bigcommerce" });
        var orderId = NewOrderId();

        var reply = await PutStatusAsync(tenant.Http, orderId, Details(Status("Shipped")));

        Assert.Equal(HttpStatusCode.Conflict, reply.Status);
        Assert.Equal("Pending", reply.String("currentStatus"));
        Assert.Equal(["Pending", "Awaiting Payment", "Awaiting Fulfillment", "Verification Required", "Declined", "Incomplete", "Canceled"],
            reply.Body.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("'Awaiting Payment'", reply.String("detail"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Status);
    }

    [Fact]
    public async Task UnknownStatus_Is422AtStatus()
    {
        var tenant = await Factory.CreateTenantAsync();

        var reply = await PutStatusAsync(tenant.Http, NewOrderId(), Details(Status("Shipped")));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Equal(["/status"], reply.ErrorPaths);
        Assert.Contains("Completed With Errors", reply.String("detail"));
    }

    [Fact]
    public async Task BadBody_Is422WithAPointerPerField()
    {
        var tenant = await Factory.CreateTenantAsync();
        var body = new JsonObject
        {
            ["message"] = 5,
            ["notify"] = "yes",
            ["customer"] = new JsonObject { ["id"] = "c-1" },
            ["items"] = new JsonArray(new JsonObject { ["offerName"] = "X", ["quantity"] = -1, ["price"] = "free" }),
        };

        var reply = await PutStatusAsync(tenant.Http, NewOrderId(), body);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal(["/status", "/message", "/notify", "/customer/name", "/items/0/quantity", "/items/0/price"], reply.ErrorPaths);
    }

    [Fact]
    public async Task MalformedJsonOrWrongContentType_Is400Or415()
    {
        var tenant = await Factory.CreateTenantAsync();

        using var malformed = await tenant.Http.PutAsync($"/v1/orders/{NewOrderId()}/status", new StringContent("{\"status\":", System.Text.Encoding.UTF8, "application/json"));
        using var text = await tenant.Http.PutAsync($"/v1/orders/{NewOrderId()}/status", new StringContent("{}", System.Text.Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
    }

    [Fact]
    public async Task NotifiedFirstChange_WithoutCustomerAndItems_Is422AndRecordsNothing()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();

        var reply = await PutStatusAsync(tenant.Http, orderId, Status("In Progress"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, reply.Status);
        Assert.Equal(["/customer", "/items"], reply.ErrorPaths);
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Status);
    }

    [Fact]
    public async Task CustomerAndItems_GivenOnce_AreReusedByLaterNotifiedChanges()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();
        Assert.Equal(HttpStatusCode.OK, (await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", notify: false)))).Status);

        var reply = await PutStatusAsync(tenant.Http, orderId, Status("Completed"));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.NotNull(reply.String("eventId"));
        var order = await GetAsync(tenant.Http, $"/v1/orders/{orderId}");
        Assert.Equal("Ada Lovelace", order.Body.GetProperty("customer").GetProperty("name").GetString());
        Assert.Equal("Analytical Engine", order.Body.GetProperty("items")[0].GetProperty("offerName").GetString());
    }

    [Fact]
    public async Task History_RecordsEveryChangeWithMessageActorTimeAndNotifyFlag()
    {
        var tenant = await Factory.CreateTenantAsync();
        var keyId = await KeyIdOfAsync(tenant);
        var orderId = NewOrderId();
        var before = DateTimeOffset.UtcNow.AddSeconds(-5);

        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", "started")));
        await PutStatusAsync(tenant.Http, orderId, Status("Completed With Errors", "one licence failed", notify: false));
        await PutStatusAsync(tenant.Http, orderId, Status("In Progress", "retrying"));
        var order = await GetAsync(tenant.Http, $"/v1/orders/{orderId}");

        Assert.Equal(HttpStatusCode.OK, order.Status);
        Assert.Equal("In Progress", order.String("status"));
        Assert.Equal(3, order.Body.GetProperty("version").GetInt64());
        Assert.Equal("\"3\"", order.ETag);
        var history = order.Body.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 3L], history.Select(h => h.GetProperty("version").GetInt64()));
        Assert.Equal([null, "In Progress", "Completed With Errors"], history.Select(h => h.GetProperty("from").ValueKind == JsonValueKind.Null ? null : h.GetProperty("from").GetString()));
        Assert.Equal(["In Progress", "Completed With Errors", "In Progress"], history.Select(h => h.GetProperty("to").GetString()));
        Assert.Equal(["started", "one licence failed", "retrying"], history.Select(h => h.GetProperty("message").GetString()));
        Assert.Equal([true, false, true], history.Select(h => h.GetProperty("notified").GetBoolean()));
        Assert.All(history, h => Assert.False(h.GetProperty("forced").GetBoolean()));
        Assert.All(history, h => Assert.Equal(keyId, h.GetProperty("actor").GetString()));
        Assert.All(history, h => Assert.InRange(h.GetProperty("at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(5)));
    }

    [Fact]
    public async Task IfMatch_StaleVersion_Is412AndChangesNothing_CurrentVersionApplies()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();
        var created = await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", notify: false)));

        var stale = await PutStatusAsync(tenant.Http, orderId, Status("Completed", notify: false), ifMatch: "\"0\"");
        var weak = await PutStatusAsync(tenant.Http, orderId, Status("Completed", notify: false), ifMatch: "W/\"1\"");
        var current = await PutStatusAsync(tenant.Http, orderId, Status("Completed", notify: false), ifMatch: created.ETag);

        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal(1, stale.Body.GetProperty("currentVersion").GetInt64());
        Assert.Equal(HttpStatusCode.PreconditionFailed, weak.Status);
        Assert.True(current.Status == HttpStatusCode.OK, current.ToString());
        Assert.Equal("\"2\"", current.ETag);
    }

    [Fact]
    public async Task IfMatchStar_UnknownOrder_Is412()
    {
        var tenant = await Factory.CreateTenantAsync();

        var reply = await PutStatusAsync(tenant.Http, NewOrderId(), Details(Status("In Progress")), ifMatch: "*");

        Assert.Equal(HttpStatusCode.PreconditionFailed, reply.Status);
    }

    [Fact]
    public async Task Transitions_NewAndExistingOrder_ListTheNextStatusesWithAdminOnlyFlags()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();

        var fresh = await GetAsync(tenant.Http, $"/v1/orders/{orderId}/status/transitions");
        await PutStatusAsync(tenant.Http, orderId, Details(Status("Completed With Errors", notify: false)));
        var later = await GetAsync(tenant.Http, $"/v1/orders/{orderId}/status/transitions");

        Assert.False(fresh.Body.GetProperty("exists").GetBoolean());
        Assert.Equal("In Progress", fresh.String("status"));
        Assert.Equal(["In Progress", "Completed", "Completed With Errors"], fresh.Body.GetProperty("transitions").EnumerateArray().Select(t => t.GetProperty("status").GetString()));
        Assert.True(later.Body.GetProperty("exists").GetBoolean());
        Assert.Equal("\"1\"", later.ETag);
        var next = later.Body.GetProperty("transitions").EnumerateArray()
            .Select(t => (t.GetProperty("status").GetString(), t.GetProperty("adminOnly").GetBoolean(), t.GetProperty("allowed").GetBoolean()));
        Assert.Equal([("In Progress", false, true), ("Completed", true, false)], next);
    }

    [Fact]
    public async Task AnotherTenantsOrder_IsInvisible_AndTheSameIdIsASeparateOrder()
    {
        var shop = await Factory.CreateTenantAsync("shop");
        var other = await Factory.CreateTenantAsync("other");
        var orderId = NewOrderId();
        await PutStatusAsync(shop.Http, orderId, Details(Status("In Progress", notify: false)));

        var peek = await GetAsync(other.Http, $"/v1/orders/{orderId}");
        var peekTransitions = await GetAsync(other.Http, $"/v1/orders/{orderId}/status/transitions?tenantId={shop.Id}");
        var own = await PutStatusAsync(other.Http, orderId, Details(Status("Completed", notify: false)), query: $"?tenantId={shop.Id}");

        Assert.Equal(HttpStatusCode.NotFound, peek.Status);
        Assert.False(peekTransitions.Body.GetProperty("exists").GetBoolean());
        Assert.Equal(1, own.Body.GetProperty("version").GetInt64());
        var mine = await GetAsync(shop.Http, $"/v1/orders/{orderId}");
        Assert.Equal("In Progress", mine.String("status"));
        Assert.Equal(1, mine.Body.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task NoKeyOrBadOrderId_Is401Or400()
    {
        var tenant = await Factory.CreateTenantAsync();

        var anonymous = await PutStatusAsync(Factory.CreateClient(), NewOrderId(), Details(Status("In Progress")));
        var badId = await PutStatusAsync(tenant.Http, "has%7Bbrace%7D", Details(Status("In Progress")));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);
        Assert.Equal(HttpStatusCode.BadRequest, badId.Status);
    }
}
