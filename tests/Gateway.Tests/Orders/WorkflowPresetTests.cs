using Gateway.Orders;

namespace Gateway.Tests.Orders;

public sealed class WorkflowPresetTests
{
    public static TheoryData<string> Presets => new(WorkflowPresets.All.Keys);

    [Theory]
    [MemberData(nameof(Presets))]
    public void Preset_IsSound_EveryStatusReachableFromItsInitialStatus(string preset)
    {
        var workflow = WorkflowPresets.Get(preset);

        Assert.Empty(WorkflowRules.Check(workflow));
        Assert.Contains(workflow.Initial, workflow.Statuses);
        Assert.Equal(preset, workflow.Preset);
        Assert.All(workflow.Statuses, s => Assert.True(WorkflowRules.IsValidName(s), s));
    }

    [Theory]
    [InlineData("platform", "In Progress", new[] { "In Progress", "Completed", "Completed With Errors" })]
    [InlineData("lifecycle", "created", new[] { "created", "paymentFailed", "paymentRefused", "completed", "partiallyCompleted", "fulfillmentFailed", "canceled", "aborted" })]
    [InlineData("3dcart", "New", new[] { "New", "Processing", "Partial", "Shipped", "Cancel", "Hold", "Unpaid" })]
    [InlineData("bigcommerce", "Pending", new[]
    {
        "Pending", "Awaiting Payment", "Awaiting Fulfillment", "Awaiting Shipment", "Awaiting Pickup", "Partially Shipped",
        "Completed", "Shipped", "Canceled", "Declined", "Refunded", "Verification Required", "Incomplete",
    })]
    [InlineData("volusion", "New", new[]
    {
        "New", "New - See Order Notes", "Pending", "Processing", "Payment Declined", "Awaiting Payment", "Ready to Ship",
        "Pending Shipment", "Partially Shipped", "Shipped", "Partially Backordered", "Backordered", "See Line Items",
        "See Order Notes", "Partially Returned", "Returned", "Canceled",
    })]
    public void Preset_HasTheSeedsStatuses(string preset, string initial, string[] statuses)
    {
        var workflow = WorkflowPresets.Get(preset);

        Assert.Equal(initial, workflow.Initial);
        Assert.Equal(statuses, workflow.Statuses);
    }

    [Fact]
    public void Default_IsThePlatformWorkflow() => Assert.Equal("platform", WorkflowPresets.Default);

    [Fact]
    public void Next_NewOrder_OffersTheInitialStatusAndItsTransitions()
    {
        var next = WorkflowPresets.Get("platform").Next("In Progress", isNew: true);

        Assert.Equal(["In Progress", "Completed", "Completed With Errors"], next.Select(n => n.Status));
    }

    [Fact]
    public void Next_ExistingOrder_FlagsAdminOnlyTransitions()
    {
        var next = WorkflowPresets.Get("platform").Next("Completed With Errors", isNew: false);

        Assert.Equal([new NextStatus("In Progress", false), new NextStatus("Completed", true)], next);
    }
}
