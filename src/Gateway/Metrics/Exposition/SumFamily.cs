using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>A counter, or an up-down counter written as a gauge: the running sum per series.</summary>
internal sealed class SumFamily(string name, string help, string type, double scale) : MetricFamily(name, help, type, scale)
{
    private readonly SeriesMap<Sum> _series = new(static () => new Sum());

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Interlocked.Add(ref _series.Get(tags).Whole, value);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        AtomicDouble.Add(ref _series.Get(tags).Fraction, value);

    protected override bool WriteSamples(StringBuilder builder)
    {
        var snapshot = _series.Snapshot();
        foreach (var (tags, sum) in snapshot)
        {
            var value = (Interlocked.Read(ref sum.Whole) + Volatile.Read(ref sum.Fraction)) * Scale;
            PrometheusText.AppendSample(builder, Name, tags.Rendered, null, PrometheusText.Number(value));
        }

        return snapshot.Length > 0;
    }

    /// <summary>Integer and floating-point parts apart, so that long counters stay exact and use a plain interlocked add.</summary>
    private sealed class Sum
    {
        public long Whole;
        public double Fraction;
    }
}
