namespace Gateway.Delivery.Queue;

/// <summary>How a leased message is settled after an attempt.</summary>
public enum SettleMode
{
    /// <summary>Delivered: the message leaves the queue.</summary>
    Ack,

    /// <summary>Failed: scheduled again at the due time, with its attempt counted.</summary>
    Retry,

    /// <summary>Out of attempts: moved to the dead letters.</summary>
    DeadLetter,

    /// <summary>Put back untouched (shutdown, circuit open, endpoint disabled): no attempt is spent.</summary>
    Release,
}
