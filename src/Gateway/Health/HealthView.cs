namespace Gateway.Health;

/// <summary>Liveness or readiness, with what is not ready and why.</summary>
/// <param name="Status">ok (liveness), ready, or unavailable.</param>
/// <param name="Redis">ok, unreachable, or evicting (its memory policy may drop queued work).</param>
/// <param name="Workers">ok, stale (their heartbeat is late), or not run here.</param>
/// <param name="Encryption">Why the encryption key cannot open the stored secrets.</param>
/// <param name="Reason">Why the gateway is not ready, in words.</param>
public sealed record HealthView(string Status, string? Redis = null, string? Workers = null, string? Encryption = null, string? Reason = null);
