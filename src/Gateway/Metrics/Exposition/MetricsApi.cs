using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>The Prometheus scrape endpoint.</summary>
public static class MetricsApi
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Collect(), PrometheusText.ContentType, Encoding.UTF8))
            .ExcludeFromDescription();
        return app;
    }
}
