using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>
/// An observable instrument: its callbacks run during a scrape, so each scrape starts empty and
/// series that a callback no longer reports (a removed tenant) disappear.
/// </summary>
internal sealed class ObservedFamily(string name, string help, string type, double scale) : MetricFamily(name, help, type, scale)
{
    private readonly SeriesMap<Observation> _series = new(static () => new Observation());

    /// <summary>Called by the exporter, under its scrape lock, before the callbacks run.</summary>
    public void BeginScrape() => _series.Clear();

    public override void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => Record((double)value, tags);

    // Observable counters report their cumulative value, so the last observation wins for both kinds.
    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _series.Get(tags).Value = value;

    protected override bool WriteSamples(StringBuilder builder)
    {
        var snapshot = _series.Snapshot();
        foreach (var (tags, observation) in snapshot)
        {
            PrometheusText.AppendSample(builder, Name, tags.Rendered, null, PrometheusText.Number(observation.Value * Scale));
        }

        return snapshot.Length > 0;
    }

    private sealed class Observation
    {
        public double Value;
    }
}
