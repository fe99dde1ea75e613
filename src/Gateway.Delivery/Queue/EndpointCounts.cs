namespace Gateway.Delivery.Queue;

/// <summary>Queue state and all-time counters of one endpoint.</summary>
public sealed record EndpointCounts(long Ready, long Scheduled, long InFlight, long DeadLetters, long Sent, long FailedAttempts, long DeadLettered, long Filtered)
{
    /// <summary>Messages of ordered groups queued behind their group's head (see docs/ordering.md).</summary>
    public long Waiting { get; init; }

    public long Pending => Ready + Scheduled + InFlight + Waiting;
}
