using System.Globalization;
using OpenTelemetry.Trace;

namespace Gateway.Tracing;

/// <summary>The sampler the standard <c>OTEL_TRACES_SAMPLER</c> and <c>OTEL_TRACES_SAMPLER_ARG</c> name.</summary>
public static class TraceSampling
{
    /// <summary>The sampler of the settings; <c>parentbased_always_on</c> (the specification's default) when unset.</summary>
    /// <exception cref="InvalidOperationException">An unknown sampler name or a ratio outside 0 to 1.</exception>
    public static Sampler FromSettings(string? name, string? argument)
    {
        double Ratio() => double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r is >= 0 and <= 1 ? r
            : string.IsNullOrWhiteSpace(argument) ? 1.0
            : throw new InvalidOperationException($"OTEL_TRACES_SAMPLER_ARG '{argument}' is not a ratio from 0 to 1.");
        return (name?.Trim().ToLowerInvariant() ?? "") switch
        {
            "" or "parentbased_always_on" => new ParentBasedSampler(new AlwaysOnSampler()),
            "always_on" => new AlwaysOnSampler(),
            "always_off" => new AlwaysOffSampler(),
            "traceidratio" => new TraceIdRatioBasedSampler(Ratio()),
            "parentbased_always_off" => new ParentBasedSampler(new AlwaysOffSampler()),
            "parentbased_traceidratio" => new ParentBasedSampler(new TraceIdRatioBasedSampler(Ratio())),
            _ => throw new InvalidOperationException($"OTEL_TRACES_SAMPLER '{name}' is not one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio."),
        };
    }
}
