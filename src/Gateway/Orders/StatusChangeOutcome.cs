namespace Gateway.Orders;

/// <summary>How the store answered a status change.</summary>
public enum StatusChangeOutcome
{
    Applied,
    PreconditionFailed,
    Forbidden,
    Conflict,
    MissingDetails,
}

/// <summary>The store's answer: the outcome, the order's version (new when applied, current otherwise) and its status before.</summary>
/// <param name="From">The status before the change; null when the change created the order at its initial status.</param>
public sealed record StatusChangeResult(StatusChangeOutcome Outcome, long Version, string? From, string? CustomerJson = null, string? ItemsJson = null);
