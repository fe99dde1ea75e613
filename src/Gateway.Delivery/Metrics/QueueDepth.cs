namespace Gateway.Delivery.Metrics;

/// <summary>One tenant's queued messages by state, summed over its endpoints, as read at scrape time.</summary>
public sealed record QueueDepth(string TenantId, long Ready, long Scheduled, long InFlight, long DeadLetters);
