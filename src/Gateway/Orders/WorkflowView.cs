namespace Gateway.Orders;

/// <summary>An order workflow as the API shows it.</summary>
/// <param name="Preset">The preset this workflow is, or null for the tenant's own definition.</param>
/// <param name="IsDefault">True when the tenant has not chosen a workflow (this is the default preset).</param>
public sealed record WorkflowView(string Name, string? Preset, string Initial, IReadOnlyList<string> Statuses, IReadOnlyList<WorkflowTransition> Transitions, bool IsDefault)
{
    public static WorkflowView Of(OrderWorkflow workflow, bool isDefault) =>
        new(workflow.Name, workflow.Preset, workflow.Initial, workflow.Statuses, workflow.Transitions, isDefault);
}
