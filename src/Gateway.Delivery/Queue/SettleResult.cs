namespace Gateway.Delivery.Queue;

/// <summary>What settling a message returned: whether the lease was ours, the endpoint's failing-since time, and the next message when one was claimed.</summary>
public sealed record SettleResult(bool Owned, long FailingSinceMs, LeasedMessage? Next);
