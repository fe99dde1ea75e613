namespace Gateway.Delivery.Queue;

/// <summary>What one claim returned: the leased messages, any leased records that could not be read, the next due
/// time (-1: none), how many messages are still ready, and how long ready work waits for the endpoint's rate limit
/// (<see cref="ThrottledMs"/>, 0: not throttled).</summary>
public sealed record ClaimResult(IReadOnlyList<LeasedMessage> Messages, long NextDueMs, long Remaining, IReadOnlyList<MalformedMessage> Malformed)
{
    /// <summary>Milliseconds until the endpoint's rate limit lets the next attempt start, when ready work waits for it.</summary>
    public long ThrottledMs { get; init; }
}
