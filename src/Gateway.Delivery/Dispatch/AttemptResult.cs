namespace Gateway.Delivery.Dispatch;

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
