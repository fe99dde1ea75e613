using System.Text.Json;

// The order shapes, together because they are read as one catalog.
namespace Gateway.Client.Orders;

/// <param name="Notify">False: record the change without emitting <c>order.statusChanged</c>.</param>
public sealed record StatusChange(string Status, string? Message = null, bool? Notify = null)
{
    public JsonElement? Customer { get; init; }

    public JsonElement? Items { get; init; }
}

public sealed record StatusChanged(string OrderId, string Status, long Version, string? PreviousStatus, bool Notified, string? EventId)
{
    public bool? Forced { get; init; }
}

public sealed record NextStatus(string Status, bool AdminOnly, bool Allowed);

public sealed record OrderTransitions(string OrderId, string Status, long Version, bool Exists, string Workflow, IReadOnlyList<NextStatus> Transitions);

public sealed record Order(
    string OrderId, string Status, long Version, DateTimeOffset? CreatedAt, DateTimeOffset? UpdatedAt,
    JsonElement? Customer, JsonElement? Items, IReadOnlyList<JsonElement> History);

public sealed record WorkflowTransition(string From, string To, bool AdminOnly = false);

/// <summary>A preset by name, or a definition: name, initial status, statuses and transitions.</summary>
public sealed record WorkflowRequest(string? Preset = null)
{
    public string? Name { get; init; }

    public string? Initial { get; init; }

    public IReadOnlyList<string>? Statuses { get; init; }

    public IReadOnlyList<WorkflowTransition>? Transitions { get; init; }
}

public sealed record Workflow(string Name, string? Preset, string Initial, IReadOnlyList<string> Statuses, IReadOnlyList<WorkflowTransition> Transitions, bool IsDefault);
