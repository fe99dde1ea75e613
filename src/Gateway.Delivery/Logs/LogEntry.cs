namespace Gateway.Delivery.Logs;

/// <summary>
/// One line of the log listing. Every entry has <see cref="State"/>, <see cref="At"/>, <see cref="EndpointId"/> and
/// <see cref="EventType"/>; sent and failed entries are attempts (attempt, outcome, status, duration, error), filtered
/// entries name the <see cref="Rule"/> that rejected the event, pending entries say where the message waits.
/// </summary>
public sealed record LogEntry(string State, DateTimeOffset At, string EndpointId, string? EventId, string EventType)
{
    public string? MessageId { get; init; }

    public int? Attempt { get; init; }

    public string? Outcome { get; init; }

    public int? StatusCode { get; init; }

    public double? DurationMs { get; init; }

    public string? Error { get; init; }

    public string? Response { get; init; }

    public string? ObjectId { get; init; }

    public string? Rule { get; init; }

    /// <summary>Pending only: <c>ready</c>, <c>scheduled</c> (a delay or a retry) or <c>in_flight</c>.</summary>
    public string? Status { get; init; }

    /// <summary>Pending only: attempts made so far.</summary>
    public int? Attempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }
}
