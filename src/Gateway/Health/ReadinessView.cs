namespace Gateway.Health;

/// <summary>Readiness, and when not ready, which part is not and why: the same shape with 200 and 503.</summary>
/// <param name="Status">ready or unavailable.</param>
/// <param name="Redis">ok, unreachable, or evicting (its memory policy may drop queued work).</param>
/// <param name="Workers">ok, stale (their heartbeat is late), or not run here.</param>
/// <param name="Encryption">Why the encryption key cannot open the stored secrets.</param>
/// <param name="Reason">Why the gateway is not ready, in words.</param>
public sealed record ReadinessView(string Status, string? Redis = null, string? Workers = null, string? Encryption = null, string? Reason = null);
