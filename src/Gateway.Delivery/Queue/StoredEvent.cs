namespace Gateway.Delivery.Queue;

/// <summary>An event as stored once in its ingestion shard.</summary>
/// <param name="TraceParent">The W3C trace context of its accept; null when tracing was off.</param>
public sealed record StoredEvent(string EventId, string TenantId, string EventType, string Body, long ReceivedMs, string Targets, string? TraceParent = null);
