using System.Net;
using Gateway.Orders;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Orders;

/// <summary>Every preset through the API: each transition is accepted (admin-only ones only for an admin), every other move is a 409.</summary>
[Collection(RedisApiCollection.Name)]
public sealed class PresetTransitionTests(RedisFixture store) : OrdersTestBase(store)
{
    // Each test makes its own tenant and none looks at the receiver: one host for the class.
    protected override bool HostPerClass => true;

    public static TheoryData<string> Presets => new(WorkflowPresets.All.Keys);

    [Theory]
    [InlineData("platform", "In Progress", "Completed", HttpStatusCode.OK)]
    [InlineData("platform", "In Progress", "Completed With Errors", HttpStatusCode.OK)]
    [InlineData("platform", "Completed", "Completed With Errors", HttpStatusCode.Conflict)]
    [InlineData("platform", "Completed", "In Progress", HttpStatusCode.Forbidden)]
    [InlineData("lifecycle", "created", "paymentRefused", HttpStatusCode.OK)]
    [InlineData("lifecycle", "paymentFailed", "created", HttpStatusCode.OK)]
    [InlineData("lifecycle", "canceled", "created", HttpStatusCode.Conflict)]
    [InlineData("lifecycle", "aborted", "completed", HttpStatusCode.Conflict)]
    [InlineData("lifecycle", "completed", "canceled", HttpStatusCode.Forbidden)]
    [InlineData("3dcart", "New", "Processing", HttpStatusCode.OK)]
    [InlineData("3dcart", "Hold", "Processing", HttpStatusCode.OK)]
    [InlineData("3dcart", "New", "Shipped", HttpStatusCode.Conflict)]
    [InlineData("3dcart", "Shipped", "Cancel", HttpStatusCode.Forbidden)]
    [InlineData("bigcommerce", "Pending", "Awaiting Payment", HttpStatusCode.OK)]
    [InlineData("bigcommerce", "Awaiting Shipment", "Shipped", HttpStatusCode.OK)]
    [InlineData("bigcommerce", "Pending", "Shipped", HttpStatusCode.Conflict)]
    [InlineData("bigcommerce", "Refunded", "Completed", HttpStatusCode.Conflict)]
    [InlineData("bigcommerce", "Completed", "Refunded", HttpStatusCode.Forbidden)]
    [InlineData("volusion", "New", "New - See Order Notes", HttpStatusCode.OK)]
    [InlineData("volusion", "Shipped", "Returned", HttpStatusCode.OK)]
    [InlineData("volusion", "Shipped", "New", HttpStatusCode.Conflict)]
    [InlineData("volusion", "Canceled", "New", HttpStatusCode.Forbidden)]
    public async Task Transition_PlainTenantKey_AnswersAsTheWorkflowSays(string preset, string from, string to, HttpStatusCode expected)
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, new { preset });
        var orderId = NewOrderId();
        await ForceAsync(tenant, orderId, from);

        var reply = await PutStatusAsync(tenant.Http, orderId, Status(to, notify: false));

        Assert.True(reply.Status == expected, reply.ToString());
        var order = await GetAsync(tenant.Http, $"/v1/orders/{orderId}");
        Assert.Equal(expected == HttpStatusCode.OK ? to : from, order.String("status"));
        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(from, reply.String("previousStatus"));
        }
        else
        {
            Assert.Equal("application/problem+json", reply.ContentType);
        }
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task EveryTransitionOfThePreset_IsAccepted_AdminOnlyOnesForbiddenToAPlainKey(string preset)
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, new { preset });
        var (admin, _) = await KeyClientAsync(tenant, "admin");
        foreach (var t in WorkflowPresets.Get(preset).Transitions)
        {
            var orderId = NewOrderId();
            await ForceAsync(tenant, orderId, t.From);

            var plain = await PutStatusAsync(tenant.Http, orderId, Status(t.To, notify: false));
            Assert.True(plain.Status == (t.AdminOnly ? HttpStatusCode.Forbidden : HttpStatusCode.OK), $"{t}: {plain}");
            if (t.AdminOnly)
            {
                var elevated = await PutStatusAsync(admin, orderId, Status(t.To, notify: false));
                Assert.True(elevated.Status == HttpStatusCode.OK, $"{t}: {elevated}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Presets))]
    public async Task EveryMoveOutsideThePreset_Is409NamingTheAllowedNextStatuses(string preset)
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, new { preset });
        var workflow = WorkflowPresets.Get(preset);
        foreach (var from in workflow.Statuses)
        {
            var orderId = NewOrderId();
            await ForceAsync(tenant, orderId, from);
            var next = workflow.Transitions.Where(t => t.From == from).ToList();
            var expectedAllowed = next.Where(t => !t.AdminOnly).Select(t => t.To).ToList();
            foreach (var to in workflow.Statuses.Where(s => next.All(t => t.To != s)))
            {
                var reply = await PutStatusAsync(tenant.Http, orderId, Status(to, notify: false));

                Assert.True(reply.Status == HttpStatusCode.Conflict, $"{from} → {to}: {reply}");
                Assert.Equal(from, reply.String("currentStatus"));
                Assert.Equal(expectedAllowed, reply.Body.GetProperty("allowed").EnumerateArray().Select(a => a.GetString()));
            }

            Assert.Equal(1, (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Body.GetProperty("version").GetInt64());
        }
    }
}
