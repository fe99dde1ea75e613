namespace Gateway.Delivery.Logs;

/// <summary>Counts of one activity bucket or range: messages sent, failed attempts, messages dead-lettered, events filtered.</summary>
public sealed class ActivityTotals
{
    public long Sent { get; set; }

    public long FailedAttempts { get; set; }

    public long DeadLettered { get; set; }

    public long Filtered { get; set; }

    /// <summary>Adds <paramref name="count"/> under a counter name of the <c>stats</c> and <c>activity</c> hashes (<c>sent</c>, <c>failed</c>, <c>dead</c>, <c>filtered</c>).</summary>
    public void Add(string kind, long count)
    {
        switch (kind)
        {
            case "sent": Sent += count; break;
            case "failed": FailedAttempts += count; break;
            case "dead": DeadLettered += count; break;
            case "filtered": Filtered += count; break;
        }
    }

    public void Add(ActivityTotals other)
    {
        Sent += other.Sent;
        FailedAttempts += other.FailedAttempts;
        DeadLettered += other.DeadLettered;
        Filtered += other.Filtered;
    }
}
