namespace Gateway.Orders;

/// <summary>The body of a successful status change.</summary>
public sealed record StatusResponse(string OrderId, string Status, long Version, string? PreviousStatus, bool Notified, string? EventId)
{
    public bool? Forced { get; init; }
}
