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

    /// <summary>The SMTP relay answered 4yz: transient, retried.</summary>
    Smtp4xx,

    /// <summary>The SMTP relay answered 5yz: permanent, dead-lettered with the reply.</summary>
    Smtp5xx,

    /// <summary>The broker did not confirm: a nack, an unroutable mandatory message, or a closed channel (retried).</summary>
    BrokerRejected,

    /// <summary>The message cannot be built from this event (an address pointer that resolves to nothing, a template
    /// over its limits): permanent, dead-lettered with the reason.</summary>
    Unsendable,
}
