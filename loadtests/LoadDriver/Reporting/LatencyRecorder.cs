namespace LoadDriver.Reporting;

/// <summary>Keeps every sample (runs are short and bounded) so percentiles are exact, not bucketed.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _samples = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _samples.Count;
            }
        }
    }

    public void Record(double milliseconds)
    {
        lock (_lock)
        {
            _samples.Add(milliseconds);
        }
    }

    public LatencySummary Summarize()
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = [.. _samples];
        }

        Array.Sort(sorted);
        return new LatencySummary(sorted.Length, Percentile(sorted, 50), Percentile(sorted, 99), sorted.Length == 0 ? null : sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of an ascending array; null when it is empty.</summary>
    public static double? Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return null;
        }

        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}

/// <summary>Count, median, 99th percentile and maximum of one latency series, in milliseconds.</summary>
internal sealed record LatencySummary(int Count, double? P50, double? P99, double? Max);
