using System.Globalization;
using System.Text;

namespace Gateway.Metrics.Exposition;

/// <summary>The labels of one series, sorted by name, with its rendered Prometheus label text cached.</summary>
internal sealed class TagSet
{
    private readonly KeyValuePair<string, string>[] _tags;
    private string? _rendered;

    public TagSet(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _tags = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            _tags[i] = new(tags[i].Key, ValueText(tags[i].Value));
        }

        Array.Sort(_tags, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        Hash = TagSetComparer.HashOf(tags);
    }

    public int Hash { get; }

    public ReadOnlySpan<KeyValuePair<string, string>> Tags => _tags;

    /// <summary><c>a="x",b="y"</c>, without braces; empty when there are no labels.</summary>
    public string Rendered => _rendered ??= Render();

    public static string ValueText(object? value) => value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (!Contains(tag))
            {
                return false;
            }
        }

        return true;
    }

    private bool Contains(KeyValuePair<string, object?> tag)
    {
        foreach (var own in _tags)
        {
            if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal))
            {
                return tag.Value is string s ? string.Equals(own.Value, s, StringComparison.Ordinal) : string.Equals(own.Value, ValueText(tag.Value), StringComparison.Ordinal);
            }
        }

        return false;
    }

    private string Render()
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in _tags)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(PrometheusNaming.LabelName(key)).Append("=\"");
            PrometheusText.AppendLabelValue(builder, value);
            builder.Append('"');
        }

        return builder.ToString();
    }
}
