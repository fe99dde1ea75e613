namespace Gateway.Delivery.Metrics;

/// <summary>One tenant's queued messages by state, summed over its endpoints, as last sampled by the workers.</summary>
/// <param name="OldestReadyAge">The longest wait of a message ready to send at any of the tenant's endpoints; zero when none waits.</param>
/// <param name="Waiting">Messages of ordered groups queued behind their group's head.</param>
/// <param name="OrderedGroups">Ordered groups with a message queued (or a paused dead letter).</param>
/// <param name="BlockedGroups">Ordered groups whose head has failed at least once, or that are paused.</param>
/// <param name="OldestBlockedAge">How long the longest-blocked group's head has been failing; zero when none is.</param>
public sealed record QueueDepth(string TenantId, long Ready, long Scheduled, long InFlight, long DeadLetters, TimeSpan OldestReadyAge = default,
    long Waiting = 0, long OrderedGroups = 0, long BlockedGroups = 0, TimeSpan OldestBlockedAge = default);
