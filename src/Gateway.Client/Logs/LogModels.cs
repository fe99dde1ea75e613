// The log and stats shapes, together because they are read as one catalog.
namespace Gateway.Client.Logs;

public sealed record LogPage<T>(IReadOnlyList<T> Data, string? NextCursor);

/// <param name="State">pending, sent, failed or filtered; the other fields are set as the state has them.</param>
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

    public string? Status { get; init; }

    public int? Attempts { get; init; }

    public DateTimeOffset? NextAttemptAt { get; init; }
}

public sealed record AttemptRecord(
    DateTimeOffset At, string MessageId, string EventId, string EventType, int Attempt, string Outcome,
    int? StatusCode, double DurationMs, string? Error, string? Response);

/// <summary>Every delivery of one order (<c>objectId</c>): its events, the endpoints each went to, every attempt, newest first.</summary>
public sealed record OrderTimeline(string ObjectId, IReadOnlyList<OrderEvent> Events, bool Truncated);

public sealed record OrderEvent(string EventId, string EventType, DateTimeOffset LastAttemptAt, IReadOnlyList<OrderDelivery> Deliveries);

public sealed record OrderDelivery(string EndpointId, string MessageId, string State, DateTimeOffset? LastAttemptAt, IReadOnlyList<OrderAttempt> Attempts)
{
    public DateTimeOffset? NextAttemptAt { get; init; }
}

public sealed record OrderAttempt(int Attempt, DateTimeOffset At, string Outcome, int? StatusCode, double DurationMs, string? Error, string? Response);

public sealed record FilteredLogEntry(DateTimeOffset At, string EventType, string? ObjectId, string Rule, string? EventId = null);

public sealed record RangeTotals(DateTimeOffset From, DateTimeOffset To, long Sent, long FailedAttempts, long DeadLettered, long Filtered);

public sealed record ActivityBucket(DateTimeOffset Start, long Sent, long FailedAttempts, long DeadLettered, long Filtered);

public sealed record Activity(DateTimeOffset From, DateTimeOffset To, string Granularity, RangeTotals Totals, IReadOnlyList<ActivityBucket> Series);

public sealed record Counts(long Pending, long Ready, long Scheduled, long InFlight, long Sent, long FailedAttempts, long DeadLettered, long DeadLetters, long Filtered, RangeTotals? Range)
{
    /// <summary>Messages of ordered groups queued behind their group's head (part of <see cref="Pending"/>).</summary>
    public long Waiting { get; init; }
}

public sealed record Summary(int Endpoints, Counts AllTime, RangeTotals Range);
