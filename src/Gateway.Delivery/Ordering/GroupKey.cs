using System.Globalization;
using System.Text.Json;

namespace Gateway.Delivery.Ordering;

/// <summary>Reads an event's group: the value of the endpoint's ordering key, or null when the event has none.</summary>
public static class GroupKey
{
    /// <summary>Longest group value kept; a longer one is treated as missing (the event is delivered unordered).</summary>
    public const int MaxLength = 256;

    /// <summary>
    /// The group of <paramref name="root"/> under <paramref name="settings"/>: a string as is, a number as its JSON text.
    /// Null (deliver unordered) when the key is absent, empty, of another type, or longer than <see cref="MaxLength"/>.
    /// </summary>
    public static string? Extract(OrderingSettings settings, JsonElement root)
    {
        if (!TryResolve(root, settings.Key, out var value))
        {
            return null;
        }

        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        };
        return text is { Length: > 0 and <= MaxLength } ? text : null;
    }

    /// <summary>Whether <paramref name="key"/> is a field name or a JSON pointer; <paramref name="error"/> says why not.</summary>
    public static bool IsValid(string key, out string? error)
    {
        error = key switch
        {
            { Length: 0 } => "ordering.key must not be empty.",
            { Length: > 200 } => "ordering.key must be at most 200 characters.",
            _ when key[0] == '/' && !PointerEscapesValid(key) => "ordering.key is not a valid JSON pointer: '~' must be followed by '0' or '1'.",
            _ when key[0] != '/' && key.Contains('/', StringComparison.Ordinal) => "ordering.key is a top-level field name, or a JSON pointer starting with '/'.",
            _ => null,
        };
        return error is null;
    }

    /// <summary>Resolves a top-level field name or a JSON pointer (RFC 6901) in <paramref name="root"/>.</summary>
    internal static bool TryResolve(JsonElement root, string key, out JsonElement value)
    {
        value = root;
        if (key[0] != '/')
        {
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty(key, out value);
        }

        foreach (var raw in key[1..].Split('/'))
        {
            var segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var child))
            {
                value = child;
            }
            else if (value.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    private static bool PointerEscapesValid(string pointer)
    {
        for (var i = 0; i < pointer.Length; i++)
        {
            if (pointer[i] == '~' && (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }
}
