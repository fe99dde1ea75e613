namespace Gateway.Delivery.Recovery;

/// <summary>Messages accepted from <see cref="SinceMs"/> to <see cref="UntilMs"/> (Unix ms, both included); an open
/// window (<see cref="IsOpen"/>) was asked without an end and reaches to when its recovery started.</summary>
public sealed record RecoveryWindow(long SinceMs, long UntilMs, bool IsOpen)
{
    public bool Contains(long ingestedMs) => ingestedMs >= SinceMs && ingestedMs <= UntilMs;

    /// <summary>Names the window as asked, so a second call for it finds the recovery that runs.</summary>
    public string Key => IsOpen ? $"{SinceMs}:open" : $"{SinceMs}:{UntilMs}";
}
