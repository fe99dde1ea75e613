namespace Gateway.Delivery.Dispatch;

/// <summary>One entry of an endpoint's attempt log.</summary>
public sealed record AttemptRecord(
    DateTimeOffset At, string MessageId, string EventId, string EventType, int Attempt, string Outcome,
    int? StatusCode, double DurationMs, string? Error, string? Response);
