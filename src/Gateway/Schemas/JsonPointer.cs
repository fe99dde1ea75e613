using System.Globalization;
using System.Text;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>Turns NJsonSchema error paths (<c>#/order.items[0].price</c>) into RFC 6901 pointers.</summary>
internal static class JsonPointer
{
    /// <summary>
    /// NJsonSchema joins property names with '.' and indexes with "[n]" without escaping, so a name holding
    /// '.' or '[' is ambiguous. Walking the document resolves that: at each object we take the property that
    /// the remaining path starts with. What is left when the document ends (a missing required property) is
    /// one name.
    /// </summary>
    public static string FromValidationPath(string? path, JToken document, out JToken? token)
    {
        token = document;
        var rest = path ?? "";
        if (rest.StartsWith("#/", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }
        else if (rest.StartsWith('#'))
        {
            rest = rest[1..];
        }

        var pointer = new StringBuilder();
        while (rest.Length > 0)
        {
            if (rest[0] == '[' && TryReadIndex(rest, out var index, out var consumed))
            {
                pointer.Append('/').Append(index.ToString(CultureInfo.InvariantCulture));
                token = token is JArray array && index < array.Count ? array[index] : null;
                rest = rest[consumed..];
            }
            else
            {
                var name = MatchProperty(rest, token as JObject) ?? rest;
                pointer.Append('/').Append(Escape(name));
                token = (token as JObject)?.Property(name)?.Value;
                rest = rest[name.Length..];
            }

            if (rest.StartsWith('.'))
            {
                rest = rest[1..];
            }
        }

        return pointer.ToString();
    }

    public static string Escape(string name) =>
        name.Contains('~') || name.Contains('/') ? name.Replace("~", "~0").Replace("/", "~1") : name;

    private static bool TryReadIndex(string rest, out int index, out int consumed)
    {
        var close = rest.IndexOf(']');
        consumed = close + 1;
        return int.TryParse(rest.AsSpan(1, Math.Max(close - 1, 0)), NumberStyles.None, CultureInfo.InvariantCulture, out index) && close > 1;
    }

    private static string? MatchProperty(string rest, JObject? obj)
    {
        if (obj is null)
        {
            return null;
        }

        string? best = null;
        foreach (var property in obj.Properties())
        {
            var name = property.Name;
            // An empty name would not consume any of the path.
            var fits = name.Length > 0 && rest.StartsWith(name, StringComparison.Ordinal)
                && (rest.Length == name.Length || rest[name.Length] is '.' or '[');
            if (fits && (best is null || name.Length > best.Length))
            {
                best = name;
            }
        }

        return best;
    }
}
