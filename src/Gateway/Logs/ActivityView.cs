using Gateway.Delivery.Logs;

namespace Gateway.Logs;

/// <summary>Activity over a date range: its totals and a zero-filled series of hour or day buckets.</summary>
/// <param name="Granularity">hour or day: the width of each bucket of <paramref name="Series"/>.</param>
public sealed record ActivityView(DateTimeOffset From, DateTimeOffset To, string Granularity, RangeTotals Totals, IReadOnlyList<ActivityBucket> Series);

/// <summary>What happened over a date range.</summary>
public sealed record RangeTotals(DateTimeOffset From, DateTimeOffset To, long Sent, long FailedAttempts, long DeadLettered, long Filtered)
{
    public static RangeTotals Of(ActivityTotals totals, StatsRange range) =>
        new(range.From, range.To, totals.Sent, totals.FailedAttempts, totals.DeadLettered, totals.Filtered);
}
