namespace Gateway.Delivery.Queue;

/// <summary>What one claim returned: the leased messages, any leased records that could not be read, the next due
/// time (-1: none) and how many messages are still ready.</summary>
public sealed record ClaimResult(IReadOnlyList<LeasedMessage> Messages, long NextDueMs, long Remaining, IReadOnlyList<MalformedMessage> Malformed);
