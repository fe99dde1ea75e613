using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>A histogram with explicit bucket boundaries: cumulative <c>_bucket</c> lines, <c>_sum</c> and <c>_count</c>.</summary>
internal sealed class HistogramFamily : MetricFamily
{
    private readonly double[] _bounds;
    private readonly string[] _leLabels;
    private readonly SeriesMap<Buckets> _series;

    /// <param name="bounds">Upper bounds in the instrument's unit, ascending.</param>
    public HistogramFamily(string name, string help, double scale, IReadOnlyList<double> bounds)
        : base(name, help, "histogram", scale)
    {
        _bounds = bounds.Where(b => !double.IsNaN(b) && !double.IsInfinity(b)).Distinct().Order().ToArray();
        _leLabels = _bounds.Select(b => $"le=\"{PrometheusText.Number(b * scale)}\"").Append("le=\"+Inf\"").ToArray();
        var count = _bounds.Length + 1;
        _series = new SeriesMap<Buckets>(() => new Buckets(count));
    }

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Record((double)value, tags);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (double.IsNaN(value))
        {
            return;
        }

        var series = _series.Get(tags);
        Interlocked.Increment(ref series.Counts[BucketOf(value)]);
        AtomicDouble.Add(ref series.Sum, value);
    }

    protected override bool WriteSamples(StringBuilder builder)
    {
        var snapshot = _series.Snapshot();
        foreach (var (tags, series) in snapshot)
        {
            // _count is the +Inf bucket by definition, so both come from the same reads.
            long cumulative = 0;
            for (var i = 0; i < series.Counts.Length; i++)
            {
                cumulative += Interlocked.Read(ref series.Counts[i]);
                PrometheusText.AppendSample(builder, Name + "_bucket", tags.Rendered, _leLabels[i], cumulative.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            PrometheusText.AppendSample(builder, Name + "_sum", tags.Rendered, null, PrometheusText.Number(Volatile.Read(ref series.Sum) * Scale));
            PrometheusText.AppendSample(builder, Name + "_count", tags.Rendered, null, cumulative.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return snapshot.Length > 0;
    }

    /// <summary>The first bucket whose bound is at least the value (Prometheus buckets are "less or equal").</summary>
    private int BucketOf(double value)
    {
        var index = Array.BinarySearch(_bounds, value);
        return index >= 0 ? index : ~index;
    }

    private sealed class Buckets(int count)
    {
        public readonly long[] Counts = new long[count];
        public double Sum;
    }
}
