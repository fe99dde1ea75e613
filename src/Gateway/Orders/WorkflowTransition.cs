namespace Gateway.Orders;

/// <summary>One allowed move between two statuses of a workflow; an admin-only move needs an elevated caller.</summary>
public sealed record WorkflowTransition(string From, string To, bool AdminOnly = false);
