namespace Gateway.Metrics.Exposition;

/// <summary>
/// Builds the exporter when the host starts. Its listener only hears measurements made after it
/// exists, so waiting for the first scrape would lose everything counted before it.
/// </summary>
internal sealed class ExporterActivation(PrometheusExporter exporter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(exporter);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
