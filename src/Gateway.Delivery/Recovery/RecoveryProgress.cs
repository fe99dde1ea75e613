namespace Gateway.Delivery.Recovery;

/// <summary>
/// Where a recovery stands: how many failed messages of its window it found, how many it queued again, and those it
/// could not (their body has left Redis and no dead letter holds a copy), listed by id (at most
/// <see cref="EndpointRecovery.MaxListed"/>). <see cref="Done"/> once every batch has run.
/// </summary>
public sealed record RecoveryProgress(
    string Id, string EndpointId, DateTimeOffset Since, DateTimeOffset? Until, bool Done, long Found, long Queued,
    long NotRecoverable, IReadOnlyList<string> NotRecoverableIds, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
