using Gateway.Delivery.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Prometheus;

namespace Gateway.Metrics;

/// <summary>Registers the gateway's metrics and serves them at <c>/metrics</c> with prometheus-net.</summary>
public static class MetricsServiceCollectionExtensions
{
    public static IServiceCollection AddGatewayMetrics(this IServiceCollection services)
    {
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);
        // A registry per host rather than prometheus-net's static default one: tests run several hosts in one
        // process, and the default registry would also publish every .NET meter and event counter (unbounded labels).
        services.TryAddSingleton(_ =>
        {
            var registry = Prometheus.Metrics.NewCustomRegistry();
            DotNetStats.Register(registry);
            RuntimeMetrics.Register(registry);
            return registry;
        });
        services.TryAddSingleton<GatewayMetrics>();
        return services;
    }

    public static IEndpointRouteBuilder MapGatewayMetrics(this IEndpointRouteBuilder app)
    {
        // Resolving the metrics here creates every family before the first scrape.
        app.ServiceProvider.GetRequiredService<GatewayMetrics>();
        app.MapMetrics("/metrics", app.ServiceProvider.GetRequiredService<CollectorRegistry>()).ExcludeFromDescription();
        return app;
    }
}
