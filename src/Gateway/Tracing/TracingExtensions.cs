using Gateway.Delivery.Tracing;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Gateway.Tracing;

/// <summary>
/// OpenTelemetry traces, exported over OTLP and configured by the standard <c>OTEL_*</c> settings. Off (no listener,
/// nothing stored or sent) unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c> is
/// set, or <c>Tracing:Enabled</c> (for an exporter added in code, as the tests do). Metrics stay on prometheus-net.
/// </summary>
public static class TracingExtensions
{
    public static WebApplicationBuilder AddGatewayTracing(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"]);
        if (!otlp && !configuration.GetValue<bool>("Tracing:Enabled"))
        {
            return builder;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the SDK; this is only the default name.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService("webhook-gateway");
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(GatewayTracing.SourceName)
                    .SetSampler(TraceSampling.FromSettings(configuration["OTEL_TRACES_SAMPLER"], configuration["OTEL_TRACES_SAMPLER_ARG"]))
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsNoise(context.Request.Path));
                if (otlp)
                {
                    tracing.AddOtlpExporter(); // OTEL_EXPORTER_OTLP_ENDPOINT, _PROTOCOL, _HEADERS, _TIMEOUT
                }
            });
        return builder;
    }

    // Probes and scrapes would be most spans and say nothing about events.
    private static bool IsNoise(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments("/metrics") || path.StartsWithSegments("/console/assets");
}
