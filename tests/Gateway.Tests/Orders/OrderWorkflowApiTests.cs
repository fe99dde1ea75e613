using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Orders;

/// <summary><c>/v1/order-workflow</c>: the default, choosing a preset, and a tenant's own validated workflow.</summary>
[Collection(RedisApiCollection.Name)]
public sealed class OrderWorkflowApiTests(RedisFixture store) : OrdersTestBase(store)
{
    // Each test makes its own tenant and none looks at the receiver: one host for the class.
    protected override bool HostPerClass => true;

    private static readonly object Approval = new
    {
        name = "approval",
        initial = "draft",
        statuses = new[] { "draft", "submitted", "approved", "rejected" },
        transitions = new object[]
        {
            new { from = "draft", to = "submitted" },
            new { from = "submitted", to = "approved", adminOnly = true },
            new { from = "submitted", to = "rejected", adminOnly = true },
            new { from = "rejected", to = "draft" },
        },
    };

    [Fact]
    public async Task Get_NoneChosen_IsThePlatformPreset()
    {
        var tenant = await Factory.CreateTenantAsync();

        var workflow = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/order-workflow");

        Assert.Equal("platform", workflow.GetProperty("name").GetString());
        Assert.Equal("In Progress", workflow.GetProperty("initial").GetString());
        Assert.True(workflow.GetProperty("isDefault").GetBoolean());
    }

    [Fact]
    public async Task Put_Preset_IsKeptAndRecordedOnTheTenant()
    {
        var tenant = await Factory.CreateTenantAsync();

        await UseWorkflowAsync(tenant, new { preset = "volusion" });
        var workflow = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/order-workflow");
        var record = await Factory.AdminClient().GetFromJsonAsync<JsonElement>($"/admin/tenants/{tenant.Id}");

        Assert.Equal("volusion", workflow.GetProperty("preset").GetString());
        Assert.False(workflow.GetProperty("isDefault").GetBoolean());
        Assert.Equal(17, workflow.GetProperty("statuses").GetArrayLength());
        Assert.Equal("volusion", record.GetProperty("workflow").GetString());
    }

    [Fact]
    public async Task Presets_ListsAllFive()
    {
        var tenant = await Factory.CreateTenantAsync();

        var presets = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/order-workflow/presets");

        Assert.Equal(["platform", "lifecycle", "3dcart", "bigcommerce", "volusion"], presets.GetProperty("data").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Put_OwnWorkflow_OrdersFollowIt_IncludingItsAdminOnlyTransitions()
    {
        var tenant = await Factory.CreateTenantAsync();
        await UseWorkflowAsync(tenant, Approval);
        var orderId = NewOrderId();

        var submitted = await PutStatusAsync(tenant.Http, orderId, Details(Status("submitted", notify: false)));
        var approvedByPlainKey = await PutStatusAsync(tenant.Http, orderId, Status("approved", notify: false));
        var platformStatus = await PutStatusAsync(tenant.Http, orderId, Status("Completed", notify: false));

        Assert.True(submitted.Status == HttpStatusCode.OK, submitted.ToString());
        Assert.Equal("draft", submitted.String("previousStatus"));
        Assert.Equal(HttpStatusCode.Forbidden, approvedByPlainKey.Status);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, platformStatus.Status);
        var workflow = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/order-workflow");
        Assert.Equal("approval", workflow.GetProperty("name").GetString());
        Assert.False(workflow.TryGetProperty("preset", out _));
    }

    [Fact]
    public async Task Put_InvalidWorkflow_Is422WithPointers_AndKeepsTheOldOne()
    {
        var tenant = await Factory.CreateTenantAsync();

        using var response = await tenant.Http.PutAsJsonAsync("/v1/order-workflow", new
        {
            name = "broken",
            initial = "a",
            statuses = new[] { "a", "b", "c" },
            transitions = new object[] { new { from = "a", to = "b" }, new { from = "b", to = "z" } },
        });
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var unreachable = await tenant.Http.PutAsJsonAsync("/v1/order-workflow", new
        {
            name = "island",
            initial = "a",
            statuses = new[] { "a", "b", "c" },
            transitions = new object[] { new { from = "a", to = "b" } },
        });
        var island = await unreachable.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["/transitions/1/to"], problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unreachable.StatusCode);
        Assert.Equal(["/statuses/2"], island.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()));
        var kept = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/order-workflow");
        Assert.Equal("platform", kept.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ChangingWorkflow_OrderInAStatusTheNewOneLacks_HasNoNextStatusUntilOverridden()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress", notify: false)));
        await UseWorkflowAsync(tenant, Approval);

        var stuck = await PutStatusAsync(tenant.Http, orderId, Status("submitted", notify: false));
        await ForceAsync(tenant, orderId, "draft");
        var moved = await PutStatusAsync(tenant.Http, orderId, Status("submitted", notify: false));

        Assert.Equal(HttpStatusCode.Conflict, stuck.Status);
        Assert.Equal(0, stuck.Body.GetProperty("allowed").GetArrayLength());
        Assert.True(moved.Status == HttpStatusCode.OK, moved.ToString());
    }

    [Fact]
    public async Task StatusNamesWithQuotesBackslashesAndNonAscii_RoundTripThroughTheHistory()
    {
        var tenant = await Factory.CreateTenantAsync();
        const string quoted = "say \"hi\" \\ now";
        const string accented = "Expédiée – 發貨";
        await UseWorkflowAsync(tenant, new
        {
            name = "odd names",
            initial = quoted,
            statuses = new[] { quoted, accented },
            transitions = new object[] { new { from = quoted, to = accented } },
        });
        var orderId = NewOrderId();

        await PutStatusAsync(tenant.Http, orderId, Details(Status(quoted, notify: false)));
        var moved = await PutStatusAsync(tenant.Http, orderId, Status(accented));
        var history = (await GetAsync(tenant.Http, $"/v1/orders/{orderId}")).Body.GetProperty("history");

        Assert.True(moved.Status == HttpStatusCode.OK, moved.ToString());
        Assert.Equal(quoted, moved.String("previousStatus"));
        Assert.Equal(quoted, history[1].GetProperty("from").GetString());
        Assert.Equal(accented, history[1].GetProperty("to").GetString());
    }
}
