using Gateway.Delivery.Metrics;
using Gateway.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace Gateway.Tests.Metrics;

/// <summary>The metrics registration of the host, without the host: its own registry, so tests run in parallel.</summary>
public sealed class MetricsHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public MetricsHarness(bool perEndpointLabels = false)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Metrics:PerEndpointLabels"] = perEndpointLabels ? "true" : "false" })
            .Build();
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddGatewayMetrics()
            .BuildServiceProvider();
        Registry = _services.GetRequiredService<CollectorRegistry>();
        Metrics = _services.GetRequiredService<GatewayMetrics>();
    }

    public GatewayMetrics Metrics { get; }

    public CollectorRegistry Registry { get; }

    /// <summary>The text exposition, as <c>/metrics</c> writes it for Prometheus.</summary>
    public async Task<string> ScrapeAsync()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Calls every method of <see cref="GatewayMetrics"/>, so every family has samples.</summary>
    public void RecordEveryInstrument()
    {
        Metrics.EventIngested("acme", "accepted");
        Metrics.EventIngested("acme", "duplicate");
        Metrics.EventIngested("globex", "rate_limited");
        Metrics.EventFiltered("acme", "ep_1");
        Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(42));
        Metrics.AttemptCompleted("acme", "ep_1", "http_5xx", TimeSpan.FromSeconds(1.5));
        Metrics.AttemptCompleted("globex", "ep_2", "timeout", TimeSpan.FromSeconds(30));
        Metrics.AttemptByKind(Gateway.Delivery.Endpoints.DestinationKind.Email, "smtp_4xx");
        Metrics.Delivered("acme", "ep_1", TimeSpan.FromSeconds(3));
        Metrics.DeadLettered("globex", "ep_2");
        Metrics.Throttled("acme", "ep_1", TimeSpan.FromMilliseconds(50));
        Metrics.Replayed("globex", 2);
        Metrics.EndpointDisabled("globex", "gone");
        Metrics.BreakerTransition("globex", "opened");
        Metrics.IngestRequest("/v1/events", 202, TimeSpan.FromMilliseconds(4));
        Metrics.ObserveQueueDepth(() => [new QueueDepth("acme", 5, 2, 1, 0, TimeSpan.FromSeconds(12)), new QueueDepth("globex", 0, 7, 0, 3)]);
        Metrics.ObserveOpenBreakers(() => 1);
        Metrics.ObserveWorkersInUse(() => 4);
        Metrics.ObserveRedisUp(() => true);
    }

    public void Dispose() => _services.Dispose();
}
