namespace Gateway.Orders;

/// <summary>One status change as the store applies it.</summary>
/// <param name="IfMatch">The version the caller expects, <c>*</c> for "the order exists", or null for no precondition.</param>
/// <param name="OpenSources">Statuses from which the caller may move to <paramref name="To"/>.</param>
/// <param name="AdminOnlySources">Statuses from which that move exists but is admin-only and the caller is not an admin.</param>
/// <param name="RequireDetails">The event will be sent, so the order needs a customer and items, given now or before.</param>
public sealed record StatusChange(
    string To,
    string? IfMatch,
    string Initial,
    bool Forced,
    IReadOnlyList<string> OpenSources,
    IReadOnlyList<string> AdminOnlySources,
    HistoryEntry Entry,
    string? CustomerJson,
    string? ItemsJson,
    bool RequireDetails);
