namespace Gateway.Delivery;

/// <summary>How one attempt ended, as counted by metrics (bounded set of values).</summary>
public enum AttemptOutcome
{
    Success,
    Http4xx,
    Http5xx,
    Timeout,
    Network,
    SsrfBlocked,
}

/// <summary>The result of one POST to an endpoint.</summary>
public sealed record AttemptResult(AttemptOutcome Outcome, int? StatusCode, TimeSpan Duration, string? Error, string? ResponseExcerpt, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Outcome == AttemptOutcome.Success;

    public string OutcomeLabel => Outcome switch
    {
        AttemptOutcome.Success => "success",
        AttemptOutcome.Http4xx => "http_4xx",
        AttemptOutcome.Http5xx => "http_5xx",
        AttemptOutcome.Timeout => "timeout",
        AttemptOutcome.Network => "network",
        _ => "ssrf_blocked",
    };
}

/// <summary>One entry of an endpoint's attempt log.</summary>
public sealed record AttemptRecord(
    DateTimeOffset At, string MessageId, string EventId, string EventType, int Attempt, string Outcome,
    int? StatusCode, double DurationMs, string? Error, string? Response);

/// <summary>A message that used up its attempts, with what it was and how it last failed.</summary>
public sealed record DeadLetter(
    string Id, string EndpointId, string EventId, string EventType, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset FirstAttemptAt, DateTimeOffset LastAttemptAt, DateTimeOffset DeadAt, long IngestedMs, int Shard, string Body);
