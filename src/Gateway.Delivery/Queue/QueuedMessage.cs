using System.Globalization;

namespace Gateway.Delivery.Queue;

/// <summary>
/// What an endpoint's queue holds per message (the <c>msg</c> hash value): a reference to the event body, stored
/// once per event, plus the attempt count. About 80 bytes, so memory per queued message is bounded.
/// </summary>
/// <param name="Group">The message's ordered group at its endpoint (the ordering key's value); empty when unordered.</param>
/// <param name="Skipped">Comma-separated ids of the group's messages dead-lettered (skipped) since its last delivery,
/// sent in <c>webhook-skipped-ids</c>; empty when none. Written by the queue's scripts.</param>
public sealed record QueuedMessage(int Shard, string EventId, string EventType, long IngestedMs, int Attempts, long FirstAttemptMs, string Group = "", string Skipped = "")
{
    /// <summary>Most skipped ids one delivery names; older ones drop off.</summary>
    public const int MaxSkipped = 20;

    public bool IsOrdered => Group.Length > 0;

    // Unordered messages keep the six fields they always had. An ordered one adds the skipped ids and, last, the group,
    // which may itself contain '|' (the scripts rewrite the seventh field: see Lua/lib/ordering.lua).
    public string Format() => IsOrdered || Skipped.Length > 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Shard}|{EventId}|{EventType}|{IngestedMs}|{Attempts}|{FirstAttemptMs}|{Skipped}|{Group}")
        : string.Create(CultureInfo.InvariantCulture, $"{Shard}|{EventId}|{EventType}|{IngestedMs}|{Attempts}|{FirstAttemptMs}");

    public static QueuedMessage Parse(string value)
    {
        var parts = value.Split('|', 8);
        if (parts.Length is not (6 or 8))
        {
            throw new FormatException($"A queued message has {parts.Length} fields, expected 6 or 8.");
        }

        return new QueuedMessage(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            parts[1],
            parts[2],
            long.Parse(parts[3], CultureInfo.InvariantCulture),
            int.Parse(parts[4], CultureInfo.InvariantCulture),
            long.Parse(parts[5], CultureInfo.InvariantCulture),
            parts.Length == 8 ? parts[7] : "",
            parts.Length == 8 ? parts[6] : "");
    }

    /// <summary>The skipped ids to hand to the group's next message when this one is skipped: its own, then itself.</summary>
    public string SkippedWith(string messageId)
    {
        string[] ids = Skipped.Length == 0 ? [messageId] : [.. Skipped.Split(','), messageId];
        return string.Join(',', ids.Length > MaxSkipped ? ids[^MaxSkipped..] : ids);
    }
}
