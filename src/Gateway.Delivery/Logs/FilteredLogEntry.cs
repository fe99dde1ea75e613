namespace Gateway.Delivery.Logs;

/// <summary>One filtered log entry: an event an endpoint's rules rejected, and the rule that did.</summary>
public sealed record FilteredLogEntry(DateTimeOffset At, string EventType, string? ObjectId, string Rule, string? EventId = null);
