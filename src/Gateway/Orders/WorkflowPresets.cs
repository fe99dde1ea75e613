namespace Gateway.Orders;

/// <summary>
/// The built-in workflows, from the seeds: the Platform's order-status notification (<c>platform</c>), the order
/// lifecycle events (<c>lifecycle</c>) and the shopping-cart status lists (<c>3dcart</c>, <c>bigcommerce</c>,
/// <c>volusion</c>). <c>docs/order-workflows.md</c> explains each transition.
/// </summary>
public static class WorkflowPresets
{
    /// <summary>The workflow of a tenant that has not chosen one.</summary>
    public const string Default = "platform";

    public static readonly IReadOnlyDictionary<string, OrderWorkflow> All = new[]
    {
        Platform(), Lifecycle(), ThreeDCart(), BigCommerce(), Volusion(),
    }.ToDictionary(w => w.Name, StringComparer.OrdinalIgnoreCase);

    public static OrderWorkflow Get(string name) => All[name];

    private static OrderWorkflow Platform() => Build("platform", "In Progress",
        ["In Progress", "Completed", "Completed With Errors"],
        Open("In Progress", "Completed", "Completed With Errors"),
        Open("Completed With Errors", "In Progress"),
        Admin("Completed With Errors", "Completed"),
        Admin("Completed", "In Progress"));

    private static OrderWorkflow Lifecycle() => Build("lifecycle", "created",
        ["created", "paymentFailed", "paymentRefused", "completed", "partiallyCompleted", "fulfillmentFailed", "canceled", "aborted"],
        Open("created", "paymentFailed", "paymentRefused", "completed", "partiallyCompleted", "fulfillmentFailed", "canceled", "aborted"),
        Open("paymentFailed", "created", "canceled", "aborted"),
        Open("paymentRefused", "canceled", "aborted"),
        Admin("paymentRefused", "created"),
        Open("partiallyCompleted", "completed", "fulfillmentFailed"),
        Admin("partiallyCompleted", "canceled"),
        Open("fulfillmentFailed", "completed", "partiallyCompleted", "canceled", "aborted"),
        Admin("completed", "canceled"));

    private static OrderWorkflow ThreeDCart() => Build("3dcart", "New",
        ["New", "Processing", "Partial", "Shipped", "Cancel", "Hold", "Unpaid"],
        Open("New", "Processing", "Unpaid", "Hold", "Cancel"),
        Open("Unpaid", "New", "Processing", "Cancel"),
        Open("Processing", "Partial", "Shipped", "Hold", "Cancel"),
        Open("Hold", "Processing", "Cancel"),
        Open("Partial", "Shipped", "Hold"),
        Admin("Partial", "Cancel"),
        Admin("Shipped", "Cancel"),
        Admin("Cancel", "New"));

    private static OrderWorkflow BigCommerce() => Build("bigcommerce", "Pending",
        ["Pending", "Awaiting Payment", "Awaiting Fulfillment", "Awaiting Shipment", "Awaiting Pickup", "Partially Shipped",
         "Completed", "Shipped", "Canceled", "Declined", "Refunded", "Verification Required", "Incomplete"],
        Open("Pending", "Awaiting Payment", "Awaiting Fulfillment", "Verification Required", "Declined", "Incomplete", "Canceled"),
        Open("Incomplete", "Pending", "Canceled"),
        Open("Awaiting Payment", "Awaiting Fulfillment", "Declined", "Canceled"),
        Open("Verification Required", "Awaiting Fulfillment", "Declined", "Canceled"),
        Open("Declined", "Awaiting Payment", "Canceled"),
        Open("Awaiting Fulfillment", "Awaiting Shipment", "Awaiting Pickup", "Partially Shipped", "Completed", "Canceled"),
        Open("Awaiting Shipment", "Partially Shipped", "Shipped", "Canceled"),
        Open("Awaiting Pickup", "Completed", "Canceled"),
        Open("Partially Shipped", "Shipped"),
        Open("Shipped", "Completed"),
        Admin("Shipped", "Refunded"),
        Admin("Completed", "Refunded"),
        Admin("Canceled", "Refunded"));

    // The seed writes "New – See Order Notes" with an en dash (a typographic rendering); Volusion and the people
    // typing the status use a plain hyphen, so the preset does too.
    private static OrderWorkflow Volusion() => Build("volusion", "New",
        ["New", "New - See Order Notes", "Pending", "Processing", "Payment Declined", "Awaiting Payment", "Ready to Ship",
         "Pending Shipment", "Partially Shipped", "Shipped", "Partially Backordered", "Backordered", "See Line Items",
         "See Order Notes", "Partially Returned", "Returned", "Canceled"],
        Open("New", "New - See Order Notes", "Pending", "Processing", "Awaiting Payment", "Payment Declined", "Canceled"),
        Open("New - See Order Notes", "Pending", "Processing", "Canceled"),
        Open("Pending", "Processing", "Awaiting Payment", "Payment Declined", "Canceled"),
        Open("Awaiting Payment", "Processing", "Payment Declined", "Canceled"),
        Open("Payment Declined", "Awaiting Payment", "Canceled"),
        Open("Processing", "Ready to Ship", "Pending Shipment", "Partially Backordered", "Backordered", "See Line Items", "See Order Notes", "Canceled"),
        Open("See Line Items", "Processing", "Canceled"),
        Open("See Order Notes", "Processing", "Canceled"),
        Open("Partially Backordered", "Backordered", "Ready to Ship", "Partially Shipped", "Canceled"),
        Open("Backordered", "Processing", "Ready to Ship", "Canceled"),
        Open("Ready to Ship", "Pending Shipment", "Partially Shipped", "Shipped"),
        Open("Pending Shipment", "Partially Shipped", "Shipped"),
        Open("Partially Shipped", "Shipped", "Partially Backordered"),
        Open("Shipped", "Partially Returned", "Returned"),
        Open("Partially Returned", "Returned"),
        Admin("Canceled", "New"),
        Admin("Returned", "Processing"));

    private static WorkflowTransition[] Open(string from, params string[] to) => [.. to.Select(t => new WorkflowTransition(from, t))];

    private static WorkflowTransition[] Admin(string from, params string[] to) => [.. to.Select(t => new WorkflowTransition(from, t, AdminOnly: true))];

    private static OrderWorkflow Build(string name, string initial, string[] statuses, params WorkflowTransition[][] transitions) => new()
    {
        Name = name,
        Preset = name,
        Initial = initial,
        Statuses = statuses,
        Transitions = [.. transitions.SelectMany(t => t)],
    };
}
