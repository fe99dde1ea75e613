using System.Runtime.InteropServices;
using System.Text.Json;

namespace Gateway.Problems;

/// <summary>
/// JSON text may escape a lone UTF-16 surrogate (<c>"\ud800"</c>) or hold bytes that are not UTF-8 inside a string
/// (<c>"\xff\xfe"</c>); the parser accepts both, and reading that string either throws or silently replaces it.
/// Request bodies are checked once here, so no handler meets such a string and no route reads it differently from
/// another. The same walk finds an object that names one field twice.
/// </summary>
public static class JsonText
{
    public const string InvalidUnicodeMessage = "The body holds a string that is not valid Unicode (bytes that are not UTF-8, or an escaped lone surrogate such as \\ud800).";

    public const string DuplicateNameMessage = "The object names this field more than once; send each field once.";

    /// <summary>The JSON pointer of the first property whose name its object already had; null when there is none.</summary>
    public static string? FindDuplicateName(JsonElement element, string path = "")
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                HashSet<string>? seen = null;
                foreach (var property in element.EnumerateObject())
                {
                    var name = property.Name;
                    if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(name))
                    {
                        return path + "/" + Schemas.JsonPointer.Escape(name);
                    }

                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array
                        && FindDuplicateName(property.Value, path + "/" + Schemas.JsonPointer.Escape(name)) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && FindDuplicateName(item, $"{path}/{index}") is { } inner)
                    {
                        return inner;
                    }

                    index++;
                }

                return null;
            default:
                return null;
        }
    }

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

    /// <summary>Raw (still escaped) UTF-8 of a string: UTF-8 itself (the parser does not check it), and no escaped lone surrogate.</summary>
    private static bool IsValid(ReadOnlySpan<byte> raw)
    {
        if (!System.Text.Unicode.Utf8.IsValid(raw))
        {
            return false;
        }

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
