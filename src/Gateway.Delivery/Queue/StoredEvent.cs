namespace Gateway.Delivery.Queue;

/// <summary>An event as stored once in its ingestion shard.</summary>
public sealed record StoredEvent(string EventId, string TenantId, string EventType, string Body, long ReceivedMs, string Targets);
