namespace Gateway.Orders;

/// <summary>
/// One line of an order's history, as the caller asked for it. The store adds <c>version</c> and <c>from</c>,
/// which only it knows.
/// </summary>
/// <param name="Actor">The key id of the tenant key, or <c>admin</c> for the operator's key.</param>
public sealed record HistoryEntry(string To, string? Message, string Actor, DateTimeOffset At, bool Notified, bool Forced);
