namespace Gateway.Orders;

/// <summary>An order's status and where it may go next, as <c>GET /v1/orders/{orderId}/status/transitions</c> answers.</summary>
/// <param name="Exists">False for an order the gateway has not seen: it is shown at the workflow's initial status, version 0.</param>
/// <param name="Workflow">The name of the tenant's workflow.</param>
public sealed record TransitionsView(string OrderId, string Status, long Version, bool Exists, string Workflow, IReadOnlyList<NextStatusView> Transitions);

/// <summary>A status the order may move to next.</summary>
/// <param name="Allowed">Whether this caller may make the move (an admin-only move needs an elevated caller).</param>
public sealed record NextStatusView(string Status, bool AdminOnly, bool Allowed);
