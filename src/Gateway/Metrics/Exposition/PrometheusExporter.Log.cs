using Microsoft.Extensions.Logging;

namespace Gateway.Metrics.Exposition;

public sealed partial class PrometheusExporter
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Count} observable metric callback(s) failed during a scrape; their series are missing from it")]
        public static partial void ObservableCallbackFailed(ILogger logger, int count, Exception? exception);

        [LoggerMessage(2, LogLevel.Warning, "Instrument {Instrument} of type {Type} is not exported: unsupported kind")]
        public static partial void InstrumentUnsupported(ILogger logger, string instrument, string type);

        [LoggerMessage(3, LogLevel.Warning, "Instrument {Instrument} is not exported: another instrument already has the Prometheus name {Name}")]
        public static partial void NameCollision(ILogger logger, string instrument, string name);
    }
}
