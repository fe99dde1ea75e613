using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Metrics.Exposition;

/// <summary>
/// Aggregates the instruments of the named meters of one <see cref="IMeterFactory"/> and writes them
/// in the Prometheus text format. Only that factory's meters are heard, so hosts sharing a process
/// (tests) never mix their numbers.
/// </summary>
public sealed partial class PrometheusExporter : IDisposable
{
    private readonly IMeterFactory _meterFactory;
    private readonly HashSet<string> _meterNames;
    private readonly ILogger _logger;
    private readonly MeterListener _listener;
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Lock _scrapeLock = new();

    public PrometheusExporter(IMeterFactory meterFactory, IEnumerable<string> meterNames, ILogger<PrometheusExporter>? logger = null)
    {
        _meterFactory = meterFactory;
        _meterNames = new HashSet<string>(meterNames, StringComparer.Ordinal);
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricFamily)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricFamily)state!).Record((long)value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>The current exposition: observable instruments are read now, families sorted by name.</summary>
    public string Collect()
    {
        var builder = new StringBuilder(4096);
        WriteTo(builder);
        return builder.ToString();
    }

    public void WriteTo(StringBuilder builder)
    {
        // One scrape at a time: observable families are cleared and refilled by the callbacks below.
        lock (_scrapeLock)
        {
            var families = _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal).ToArray();
            foreach (var observed in families.OfType<ObservedFamily>())
            {
                observed.BeginScrape();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (AggregateException ex)
            {
                // Every other callback has run; one broken source must not hide all the other metrics.
                Log.ObservableCallbackFailed(_logger, ex.InnerExceptions.Count, ex.InnerException);
            }

            foreach (var family in families)
            {
                family.Write(builder);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, _meterFactory) || !_meterNames.Contains(instrument.Meter.Name))
        {
            return;
        }

        var family = MetricFamilyFactory.Create(instrument);
        if (family is null)
        {
            Log.InstrumentUnsupported(_logger, instrument.Name, instrument.GetType().Name);
            return;
        }

        if (!_families.TryAdd(family.Name, family))
        {
            Log.NameCollision(_logger, instrument.Name, family.Name);
            return;
        }

        listener.EnableMeasurementEvents(instrument, family);
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is MetricFamily family)
        {
            _families.TryRemove(new KeyValuePair<string, MetricFamily>(family.Name, family));
        }
    }
}
