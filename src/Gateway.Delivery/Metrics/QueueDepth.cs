namespace Gateway.Delivery.Metrics;

/// <summary>One tenant's queued messages by state, summed over its endpoints, as last sampled by the workers.</summary>
/// <param name="OldestReadyAge">The longest wait of a message ready to send at any of the tenant's endpoints; zero when none waits.</param>
public sealed record QueueDepth(string TenantId, long Ready, long Scheduled, long InFlight, long DeadLetters, TimeSpan OldestReadyAge = default);
