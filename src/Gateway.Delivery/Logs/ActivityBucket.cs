namespace Gateway.Delivery.Logs;

/// <summary>One bucket of an activity series, starting at <see cref="Start"/>.</summary>
public sealed record ActivityBucket(DateTimeOffset Start, long Sent, long FailedAttempts, long DeadLettered, long Filtered);
