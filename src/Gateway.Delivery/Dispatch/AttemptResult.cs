namespace Gateway.Delivery.Dispatch;

/// <summary>The result of one send to an endpoint.</summary>
/// <param name="StatusCode">The HTTP status, or the SMTP reply code of an e-mail.</param>
public sealed record AttemptResult(AttemptOutcome Outcome, int? StatusCode, TimeSpan Duration, string? Error, string? ResponseExcerpt, TimeSpan? RetryAfter)
{
    public bool IsSuccess => Outcome == AttemptOutcome.Success;

    /// <summary>A failure no retry can mend: the message goes to the dead letters at once.</summary>
    public bool IsPermanent => Outcome is AttemptOutcome.Smtp5xx or AttemptOutcome.Unsendable;

    public string OutcomeLabel => Outcome switch
    {
        AttemptOutcome.Success => "success",
        AttemptOutcome.Http4xx => "http_4xx",
        AttemptOutcome.Http5xx => "http_5xx",
        AttemptOutcome.Timeout => "timeout",
        AttemptOutcome.Network => "network",
        AttemptOutcome.Smtp4xx => "smtp_4xx",
        AttemptOutcome.Smtp5xx => "smtp_5xx",
        AttemptOutcome.BrokerRejected => "broker_rejected",
        AttemptOutcome.Unsendable => "unsendable",
        _ => "ssrf_blocked",
    };
}
