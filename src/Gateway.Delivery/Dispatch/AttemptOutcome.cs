namespace Gateway.Delivery.Dispatch;

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
