namespace Gateway.Delivery.Logs;

/// <summary>
/// One event at one endpoint in an order's timeline: the message (<c>webhook-id</c>), where it stands now
/// (<c>delivered</c>, <c>pending</c>, <c>in_flight</c> or <c>dead_lettered</c>) and its attempts, newest first. A message
/// not attempted yet (a delay, a queue behind) has no attempts and no <see cref="LastAttemptAt"/>.
/// </summary>
public sealed record OrderDelivery(string EndpointId, string MessageId, string State, DateTimeOffset? LastAttemptAt, IReadOnlyList<OrderAttempt> Attempts)
{
    /// <summary>Pending only: when the next attempt is due.</summary>
    public DateTimeOffset? NextAttemptAt { get; init; }
}
