namespace Gateway.Delivery.Logs;

/// <summary>
/// Every delivery of one order (<c>objectId</c>) within the log retention: its events, newest first, each with the
/// endpoints it went to and each attempt's outcome. <see cref="Truncated"/> when an endpoint held more attempts of the
/// order than one lookup reads (<see cref="LogReader.OrderAttemptLimit"/>): the oldest are left out.
/// </summary>
public sealed record OrderTimeline(string ObjectId, IReadOnlyList<OrderEvent> Events, bool Truncated);
