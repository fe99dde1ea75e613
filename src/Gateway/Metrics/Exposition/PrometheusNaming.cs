using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>
/// Instrument names and units to Prometheus names, following the OpenTelemetry compatibility rules:
/// dots become underscores, the unit becomes a base-unit suffix, counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    /// <summary>The Prometheus name of an instrument, and the factor that turns its values into base units.</summary>
    public static (string Name, double Scale) MetricName(string instrumentName, string? unit, bool isCounter)
    {
        var name = Sanitize(instrumentName, allowColon: true);
        var (suffix, scale) = BaseUnit(unit);
        if (suffix.Length > 0 && !name.EndsWith("_" + suffix, StringComparison.Ordinal))
        {
            name += "_" + suffix;
        }

        if (isCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return (name, scale);
    }

    public static string LabelName(string key) => Sanitize(key, allowColon: false);

    /// <summary>UCUM units as .NET instruments use them; annotations in braces (<c>{event}</c>) name no unit.</summary>
    private static (string Suffix, double Scale) BaseUnit(string? unit) => unit switch
    {
        null or "" => ("", 1),
        ['{', .., '}'] => ("", 1),
        "s" => ("seconds", 1),
        "ms" => ("seconds", 1e-3),
        "us" or "μs" => ("seconds", 1e-6),
        "ns" => ("seconds", 1e-9),
        "min" => ("seconds", 60),
        "h" => ("seconds", 3600),
        "By" => ("bytes", 1),
        "KiBy" => ("bytes", 1024),
        "MiBy" => ("bytes", 1024 * 1024),
        "1" => ("ratio", 1),
        "%" => ("percent", 1),
        _ => (Sanitize(unit, allowColon: false).Trim('_'), 1),
    };

    private static string Sanitize(string text, bool allowColon)
    {
        var builder = new StringBuilder(text.Length + 1);
        foreach (var c in text)
        {
            var valid = c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' || (allowColon && c == ':');
            var next = valid ? c : '_';
            // Runs of separators collapse, so "a._b" and "a.b" read alike.
            if (next != '_' || builder.Length == 0 || builder[^1] != '_')
            {
                builder.Append(next);
            }
        }

        if (builder.Length == 0 || char.IsAsciiDigit(builder[0]))
        {
            builder.Insert(0, '_');
        }

        return builder.ToString();
    }
}
