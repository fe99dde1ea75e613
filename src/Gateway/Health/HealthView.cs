namespace Gateway.Health;

/// <summary>Liveness: the process answers.</summary>
/// <param name="Status">ok.</param>
public sealed record HealthView(string Status);
