using Gateway.Delivery.Ordering;

namespace Gateway.Ordering;

/// <summary>An ordered endpoint's groups: how many there are, how many are blocked, and the blocked ones.</summary>
public sealed record OrderingGroupsView(OrderingSettings? Ordering, long Groups, long Blocked, IReadOnlyList<BlockedGroupView> Data);

/// <summary>A group whose head message cannot be delivered yet, so the messages behind it wait.</summary>
/// <param name="State">retrying (its head failed and waits for its next attempt) or paused (its head is a dead letter).</param>
public sealed record BlockedGroupView(string Key, string State, string HeadMessageId, int Attempts, DateTimeOffset BlockedSince, double WaitingSeconds, long Waiting);
