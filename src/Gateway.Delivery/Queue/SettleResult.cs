namespace Gateway.Delivery.Queue;

/// <summary>What settling a message returned: whether the lease was ours, the endpoint's failing-since time, and the next message when one was claimed.</summary>
/// <param name="EventSettled">Whether the same call also marked the target settled in the event's record
/// (<see cref="AckBatcher"/>); otherwise the caller tells <see cref="EventLifetime"/>.</param>
public sealed record SettleResult(bool Owned, long FailingSinceMs, LeasedMessage? Next, bool EventSettled = false);
