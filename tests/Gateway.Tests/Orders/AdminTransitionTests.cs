using System.Net;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Orders;

/// <summary>Admin-only transitions and the override: the operator's key (with ?tenantId) or a tenant key with scope admin.</summary>
[Collection(RedisApiCollection.Name)]
public sealed class AdminTransitionTests(RedisFixture store) : OrdersTestBase(store)
{
    // Each test makes its own tenant and none looks at the receiver: one host for the class.
    protected override bool HostPerClass => true;

    // platform: Completed → In Progress (reopening a completed order) is admin-only.
    private async Task<(TenantClient Tenant, string OrderId)> CompletedOrderAsync()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();
        var reply = await PutStatusAsync(tenant.Http, orderId, Details(Status("Completed", notify: false)));
        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        return (tenant, orderId);
    }

    [Fact]
    public async Task AdminOnlyTransition_PlainTenantKey_Is403AndChangesNothing()
    {
        var (tenant, orderId) = await CompletedOrderAsync();

        var reply = await PutStatusAsync(tenant.Http, orderId, Status("In Progress", "reopen"));

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
        Assert.Equal("application/problem+json", reply.ContentType);
        Assert.Contains("admin-only", reply.String("detail"));
        Assert.Equal("Completed", (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).String("status"));
    }

    [Fact]
    public async Task AdminOnlyTransition_AdminScopedTenantKey_IsAppliedAndNamesTheKey()
    {
        var (tenant, orderId) = await CompletedOrderAsync();
        var (admin, keyId) = await KeyClientAsync(tenant, "admin");

        var reply = await PutStatusAsync(admin, orderId, Status("In Progress", "reopen", notify: false));

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var last = (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Body.GetProperty("history")[1];
        Assert.Equal(keyId, last.GetProperty("actor").GetString());
        Assert.False(last.GetProperty("forced").GetBoolean());
    }

    [Fact]
    public async Task AdminOnlyTransition_OperatorKeyWithTenantId_IsAppliedAsAdmin()
    {
        var (tenant, orderId) = await CompletedOrderAsync();

        var reply = await PutStatusAsync(Factory.AdminClient(), orderId, Status("In Progress", notify: false), query: $"?tenantId={tenant.Id}");

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        var last = (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Body.GetProperty("history")[1];
        Assert.Equal("admin", last.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task OperatorKey_WithoutOrWithUnknownTenantId_Is400Or404()
    {
        var missing = await PutStatusAsync(Factory.AdminClient(), NewOrderId(), Status("In Progress", notify: false));
        var unknown = await PutStatusAsync(Factory.AdminClient(), NewOrderId(), Status("In Progress", notify: false), query: "?tenantId=ten_nobody");

        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
    }

    [Fact]
    public async Task Transitions_ForAnAdmin_MarkAdminOnlyStatusesAllowed()
    {
        var (tenant, orderId) = await CompletedOrderAsync();
        var (admin, _) = await KeyClientAsync(tenant, "admin");

        var reply = await GetAsync(admin, $"/v1/orders/{orderId}/status/transitions");

        var only = Assert.Single(reply.Body.GetProperty("transitions").EnumerateArray());
        Assert.Equal("In Progress", only.GetProperty("status").GetString());
        Assert.True(only.GetProperty("adminOnly").GetBoolean());
        Assert.True(only.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Override_PlainTenantKey_Is403()
    {
        var (tenant, orderId) = await CompletedOrderAsync();

        var reply = await PutStatusAsync(tenant.Http, orderId, Status("Completed With Errors"), overrideStatus: true);

        Assert.Equal(HttpStatusCode.Forbidden, reply.Status);
    }

    [Fact]
    public async Task Override_AdminKey_ForcesAMoveNoTransitionAllows_RecordedAsForced()
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, new { preset = "bigcommerce" });
        var (admin, keyId) = await KeyClientAsync(tenant, "admin");
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("Pending", notify: false)));

        var reply = await PutStatusAsync(admin, orderId, Status("Shipped", "carrier picked it up off-system"), overrideStatus: true);

        Assert.True(reply.Status == HttpStatusCode.OK, reply.ToString());
        Assert.True(reply.Body.GetProperty("forced").GetBoolean());
        Assert.Equal("Pending", reply.String("previousStatus"));
        Assert.NotNull(reply.String("eventId"));
        var last = (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Body.GetProperty("history")[1];
        Assert.True(last.GetProperty("forced").GetBoolean());
        Assert.Equal("Shipped", last.GetProperty("to").GetString());
        Assert.Equal(keyId, last.GetProperty("actor").GetString());
        Assert.Equal("carrier picked it up off-system", last.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Override_NotifyFalse_RecordedWithoutEvent_UnknownStatusIs422()
    {
        var (tenant, orderId) = await CompletedOrderAsync();

        var quiet = await PutStatusAsync(Factory.AdminClient(), orderId, Status("Completed With Errors", notify: false), query: $"?tenantId={tenant.Id}", overrideStatus: true);
        var unknown = await PutStatusAsync(Factory.AdminClient(), orderId, Status("Refunded", notify: false), query: $"?tenantId={tenant.Id}", overrideStatus: true);

        Assert.True(quiet.Status == HttpStatusCode.OK, quiet.ToString());
        Assert.Null(quiet.String("eventId"));
        Assert.False(quiet.Body.GetProperty("notified").GetBoolean());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.Status);
        Assert.Equal(["/status"], unknown.ErrorPaths);
    }

    [Fact]
    public async Task Override_HonoursIfMatch()
    {
        var (tenant, orderId) = await CompletedOrderAsync();
        var (admin, _) = await KeyClientAsync(tenant, "admin");

        var reply = await PutStatusAsync(admin, orderId, Status("In Progress", notify: false), ifMatch: "\"7\"", overrideStatus: true);

        Assert.Equal(HttpStatusCode.PreconditionFailed, reply.Status);
    }
}
