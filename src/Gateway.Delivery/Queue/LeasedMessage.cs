namespace Gateway.Delivery.Queue;

/// <summary>A message leased to this worker. <see cref="LeaseToken"/> is the lease's expiry; a settle with another token is ignored.</summary>
public sealed record LeasedMessage(string MessageId, QueuedMessage Message, long LeaseToken);
