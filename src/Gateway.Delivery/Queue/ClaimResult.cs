namespace Gateway.Delivery.Queue;

/// <summary>What one claim returned.</summary>
public sealed record ClaimResult(IReadOnlyList<LeasedMessage> Messages, long NextDueMs, long Remaining);
