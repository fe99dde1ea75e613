namespace Gateway.Delivery.Logs;

/// <summary>One event of an order's timeline, with its deliveries (one per endpoint), newest attempt first.</summary>
public sealed record OrderEvent(string EventId, string EventType, DateTimeOffset LastAttemptAt, IReadOnlyList<OrderDelivery> Deliveries);
