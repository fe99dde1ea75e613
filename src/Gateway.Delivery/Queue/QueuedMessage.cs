using System.Globalization;

namespace Gateway.Delivery.Queue;

/// <summary>
/// What an endpoint's queue holds per message (the <c>msg</c> hash value): a reference to the event body, stored
/// once per event, plus the attempt count. About 80 bytes, so memory per queued message is bounded.
/// </summary>
public sealed record QueuedMessage(int Shard, string EventId, string EventType, long IngestedMs, int Attempts, long FirstAttemptMs)
{
    public string Format() =>
        string.Create(CultureInfo.InvariantCulture, $"{Shard}|{EventId}|{EventType}|{IngestedMs}|{Attempts}|{FirstAttemptMs}");

    public static QueuedMessage Parse(string value)
    {
        var parts = value.Split('|');
        if (parts.Length != 6)
        {
            throw new FormatException($"A queued message has {parts.Length} fields, expected 6.");
        }

        return new QueuedMessage(
            int.Parse(parts[0], CultureInfo.InvariantCulture),
            parts[1],
            parts[2],
            long.Parse(parts[3], CultureInfo.InvariantCulture),
            int.Parse(parts[4], CultureInfo.InvariantCulture),
            long.Parse(parts[5], CultureInfo.InvariantCulture));
    }
}
