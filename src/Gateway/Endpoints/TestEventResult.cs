namespace Gateway.Endpoints;

/// <param name="MessageId">The delivery's webhook-id; null when the endpoint's rules blocked the event.</param>
/// <param name="FilteredBy">The rule (or "filter") that rejected the event; null when it was queued.</param>
public sealed record TestEventResult(string EventId, string EventType, string? MessageId, bool Queued, string? FilteredBy);
