namespace Gateway.Delivery.Logs;

/// <summary>Where one message of an event stands at its endpoint: queued (with its attempts and next attempt), leased,
/// dead-lettered (with its last answer), or gone from the queue, i.e. delivered.</summary>
public sealed record MessageState(MessageStatus Status, int Attempts = 0, DateTimeOffset? NextAttemptAt = null, int? LastStatus = null, string? LastError = null);

public enum MessageStatus
{
    Pending,
    InFlight,
    DeadLettered,
    Delivered,
}
