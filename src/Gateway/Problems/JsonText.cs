using System.Runtime.InteropServices;
using System.Text.Json;
using Gateway.Schemas;

namespace Gateway.Problems;

/// <summary>
/// JSON text may escape a lone UTF-16 surrogate (<c>"\ud800"</c>); the parser accepts it, but reading that
/// string (<see cref="JsonElement.GetString"/>, <see cref="JsonProperty.Name"/>) throws. Request bodies are checked
/// once here, so no handler meets such a string and turns the client's mistake into a 500.
/// </summary>
public static class JsonText
{
    public const string InvalidUnicodeMessage = "The body holds a string that is not valid Unicode (an escaped lone surrogate such as \\ud800).";

    /// <summary>The JSON pointer of the first string (or object holding a property name) that is not valid Unicode; null when there is none.</summary>
    public static string? FindInvalidString(JsonElement element) =>
        // The first walk allocates nothing; pointers are built only when something is wrong.
        IsValid(element) ? null : Find(element, "");

    private static bool IsValid(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return IsValid(JsonMarshal.GetRawUtf8Value(element));
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsValid(JsonMarshal.GetRawUtf8PropertyName(property)) || !IsValid(property.Value))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!IsValid(item))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return true;
        }
    }

    private static string Find(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!IsValid(JsonMarshal.GetRawUtf8PropertyName(property)))
                {
                    return path;
                }

                if (!IsValid(property.Value))
                {
                    return Find(property.Value, path + "/" + Schemas.JsonPointer.Escape(property.Name));
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (!IsValid(item))
                {
                    return Find(item, $"{path}/{index}");
                }

                index++;
            }
        }

        return path;
    }

    /// <summary>Raw (still escaped) UTF-8 of a string; only an escape can hide an invalid surrogate, the parser checked the rest.</summary>
    private static bool IsValid(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return true;
        }

        // Quote it (GetRawUtf8Value includes the quotes, the property-name view does not) and let the reader unescape it.
        var quoted = raw[0] == (byte)'"' ? raw.ToArray() : [(byte)'"', .. raw, (byte)'"'];
        var reader = new Utf8JsonReader(quoted);
        try
        {
            reader.Read();
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
