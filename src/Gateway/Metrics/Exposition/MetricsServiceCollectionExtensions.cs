using System.Diagnostics.Metrics;
using Gateway.Delivery.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Gateway.Metrics.Exposition;

/// <summary>Registers the gateway's instruments and their Prometheus exposition.</summary>
public static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);
        services.TryAddSingleton<GatewayMetrics>();
        services.TryAddSingleton<RuntimeMetrics>();
        services.TryAddSingleton(sp =>
        {
            // Creating the instruments first lets the exporter see them even before anyone records.
            sp.GetRequiredService<GatewayMetrics>();
            sp.GetRequiredService<RuntimeMetrics>();
            return new PrometheusExporter(
                sp.GetRequiredService<IMeterFactory>(),
                [GatewayMetrics.MeterName, RuntimeMetrics.MeterName],
                sp.GetRequiredService<ILogger<PrometheusExporter>>());
        });
        services.AddHostedService<ExporterActivation>();
        return services;
    }
}
