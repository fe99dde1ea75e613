using System.Globalization;

namespace Gateway.Orders;

/// <summary>The order's version as an HTTP entity tag: <c>"7"</c>.</summary>
public static class EntityTags
{
    public static string For(long version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    /// <summary>
    /// Reads <c>If-Match</c>: null when absent, <c>*</c>, or the version it names. A weak or malformed tag can never
    /// match (If-Match compares strongly), so it becomes a version no order has.
    /// </summary>
    public static bool TryReadIfMatch(HttpRequest request, out string? ifMatch)
    {
        ifMatch = null;
        var values = request.Headers.IfMatch;
        if (values.Count == 0)
        {
            return true;
        }

        var tags = string.Join(',', values.ToArray()).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tags.Length != 1)
        {
            return false;
        }

        var tag = tags[0];
        ifMatch = tag == "*" ? "*"
            : tag.Length > 2 && tag[0] == '"' && tag[^1] == '"' && long.TryParse(tag.AsSpan(1, tag.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version.ToString(CultureInfo.InvariantCulture)
                : "-1";
        return true;
    }
}
