using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>A synchronous gauge: the last value recorded per series.</summary>
internal sealed class LastValueFamily(string name, string help, double scale) : MetricFamily(name, help, "gauge", scale)
{
    private readonly SeriesMap<Last> _series = new(static () => new Last());

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Record((double)value, tags);

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Volatile.Write(ref _series.Get(tags).Value, value);

    protected override bool WriteSamples(StringBuilder builder)
    {
        var snapshot = _series.Snapshot();
        foreach (var (tags, last) in snapshot)
        {
            PrometheusText.AppendSample(builder, Name, tags.Rendered, null, PrometheusText.Number(Volatile.Read(ref last.Value) * Scale));
        }

        return snapshot.Length > 0;
    }

    private sealed class Last
    {
        public double Value;
    }
}
