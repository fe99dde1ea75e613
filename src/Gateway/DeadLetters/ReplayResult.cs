namespace Gateway.DeadLetters;

/// <summary>What a replay queued: one dead letter (<paramref name="Id"/>) or all of an endpoint's (no id).</summary>
public sealed record ReplayResult(int Replayed, string? Id, string EndpointId);
