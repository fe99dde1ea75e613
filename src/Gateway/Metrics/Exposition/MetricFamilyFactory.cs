using System.Diagnostics.Metrics;
using Gateway.Delivery.Metrics;

namespace Gateway.Metrics.Exposition;

/// <summary>Picks the aggregation and Prometheus type for an instrument from its kind.</summary>
internal static class MetricFamilyFactory
{
    public static MetricFamily? Create(Instrument instrument)
    {
        var kind = instrument.GetType() is { IsGenericType: true } type ? type.GetGenericTypeDefinition() : null;
        var isCounter = kind == typeof(Counter<>) || kind == typeof(ObservableCounter<>);
        var (name, scale) = PrometheusNaming.MetricName(instrument.Name, instrument.Unit, isCounter);
        var help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;

        if (kind == typeof(Counter<>))
        {
            return new SumFamily(name, help, "counter", scale);
        }

        if (kind == typeof(UpDownCounter<>))
        {
            return new SumFamily(name, help, "gauge", scale);
        }

        if (kind == typeof(Gauge<>))
        {
            return new LastValueFamily(name, help, scale);
        }

        if (kind == typeof(Histogram<>))
        {
            return new HistogramFamily(name, help, scale, BucketBounds(instrument) ?? GatewayMetrics.LatencyBuckets);
        }

        if (kind == typeof(ObservableCounter<>))
        {
            return new ObservedFamily(name, help, "counter", scale);
        }

        if (kind == typeof(ObservableGauge<>) || kind == typeof(ObservableUpDownCounter<>))
        {
            return new ObservedFamily(name, help, "gauge", scale);
        }

        return null;
    }

    /// <summary>The boundaries the instrument asked for through <see cref="InstrumentAdvice{T}"/>.</summary>
    private static IReadOnlyList<double>? BucketBounds(Instrument instrument) => instrument switch
    {
        Instrument<double> d => d.Advice?.HistogramBucketBoundaries,
        Instrument<float> f => f.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<long> l => l.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<int> i => i.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<short> s => s.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray(),
        Instrument<byte> b => b.Advice?.HistogramBucketBoundaries?.Select(v => (double)v).ToArray(),
        Instrument<decimal> m => m.Advice?.HistogramBucketBoundaries?.Select(v => (double)v).ToArray(),
        _ => null,
    };
}
