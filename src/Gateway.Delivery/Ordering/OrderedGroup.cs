namespace Gateway.Delivery.Ordering;

/// <summary>A blocked group of an ordered endpoint: its head has failed at least once, or the group is paused.</summary>
/// <param name="Key">The group's key value (an order id, by default).</param>
/// <param name="HeadMessageId">The message the group waits on (the <c>webhook-id</c>), a dead letter when <paramref name="Paused"/>.</param>
/// <param name="Attempts">Attempts the head has made so far.</param>
/// <param name="BlockedSince">When the head first failed.</param>
/// <param name="Waiting">Messages queued behind the head.</param>
public sealed record OrderedGroup(string Key, string HeadMessageId, int Attempts, DateTimeOffset BlockedSince, long Waiting, bool Paused);
