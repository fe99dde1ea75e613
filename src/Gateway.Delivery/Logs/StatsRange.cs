namespace Gateway.Delivery.Logs;

/// <summary>
/// A date range of the stats and activity APIs, aligned to whole buckets: <see cref="From"/> is floored and
/// <see cref="To"/> (exclusive) ceiled to the granularity. Counts come from hourly buckets, so no range is finer than an hour.
/// </summary>
public sealed record StatsRange(DateTimeOffset From, DateTimeOffset To, Granularity Granularity)
{
    /// <summary>Most buckets one request may ask for (hourly: about 83 days; daily: about 5 years).</summary>
    public const int MaxBuckets = 2000;

    public static readonly TimeSpan DefaultSpan = TimeSpan.FromDays(7);

    public TimeSpan Step => Granularity == Granularity.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);

    public long FromHour => From.ToUnixTimeSeconds() / 3600;

    public long ToHour => To.ToUnixTimeSeconds() / 3600;

    public int BucketCount => (int)((To - From).Ticks / Step.Ticks);

    internal static DateTimeOffset Floor(DateTimeOffset time, TimeSpan step) =>
        new(time.UtcTicks - ((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) % step.Ticks), TimeSpan.Zero);

    internal static DateTimeOffset Ceil(DateTimeOffset time, TimeSpan step)
    {
        var floor = Floor(time, step);
        return floor == time ? floor : floor + step;
    }
}
