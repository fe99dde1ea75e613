using System.Globalization;
using NJsonSchema.Validation;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>RFC 6901 pointers into a validated document.</summary>
internal static class JsonPointer
{
    /// <summary>
    /// Where <paramref name="error"/> is, read from the token NJsonSchema reports rather than from its path
    /// (<c>#/order.items[0].price</c>), which joins names with '.' without escaping them. The token is the failing value,
    /// the object that lacks a required property, or the property that is not allowed.
    /// </summary>
    /// <param name="value">The failing value; null for a missing required property.</param>
    public static string Of(ValidationError error, out JToken? value)
    {
        if (error.Kind == ValidationErrorKind.PropertyRequired)
        {
            value = null;
            return $"{Of(error.Token)}/{Escape(error.Property ?? "")}";
        }

        value = error.Token is JProperty property ? property.Value : error.Token;
        return Of(value);
    }

    /// <summary>The pointer of <paramref name="token"/> from the root of its document.</summary>
    public static string Of(JToken? token)
    {
        var segments = new List<string>();
        for (var node = token; node?.Parent is { } parent; node = parent)
        {
            if (parent is JProperty property)
            {
                segments.Add(Escape(property.Name));
            }
            else if (parent is JArray array)
            {
                segments.Add(array.IndexOf(node).ToString(CultureInfo.InvariantCulture));
            }
        }

        segments.Reverse();
        return segments.Count == 0 ? "" : "/" + string.Join('/', segments);
    }

    public static string Escape(string name) =>
        name.Contains('~') || name.Contains('/') ? name.Replace("~", "~0").Replace("/", "~1") : name;
}
