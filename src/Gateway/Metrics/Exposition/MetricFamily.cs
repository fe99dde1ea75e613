using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>The aggregation of one instrument, written as one Prometheus metric family.</summary>
internal abstract class MetricFamily(string name, string help, string type, double scale)
{
    public string Name { get; } = name;

    protected double Scale { get; } = scale;

    public abstract void Record(long value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Writes <c># HELP</c>, <c># TYPE</c> and the samples; nothing when the family has no series yet.</summary>
    public void Write(StringBuilder builder)
    {
        var start = builder.Length;
        builder.Append("# HELP ").Append(Name).Append(' ');
        PrometheusText.AppendHelp(builder, help);
        builder.Append('\n').Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        if (!WriteSamples(builder))
        {
            builder.Length = start;
        }
    }

    /// <returns>Whether any sample was written.</returns>
    protected abstract bool WriteSamples(StringBuilder builder);
}
