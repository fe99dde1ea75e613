using System.Globalization;
using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>Escaping and number formatting of the text exposition format 0.0.4.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void AppendHelp(StringBuilder builder, string text)
    {
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }
    }

    public static void AppendLabelValue(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append(@"\n"),
                _ => builder.Append(c),
            };
        }
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    /// <summary>Writes <c>name{labels,extra} value</c>; <paramref name="extraLabel"/> is already rendered.</summary>
    public static void AppendSample(StringBuilder builder, string name, string labels, string? extraLabel, string value)
    {
        builder.Append(name);
        if (labels.Length > 0 || extraLabel is not null)
        {
            builder.Append('{').Append(labels);
            if (extraLabel is not null)
            {
                if (labels.Length > 0)
                {
                    builder.Append(',');
                }

                builder.Append(extraLabel);
            }

            builder.Append('}');
        }

        builder.Append(' ').Append(value).Append('\n');
    }
}
