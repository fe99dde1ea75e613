using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Gateway.Filters;

/// <summary>The short human texts of compiled rules, used as <c>rejectedBy</c>.</summary>
internal static class FilterText
{
    private const int MaxLength = 200;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Condition(string path, string op, JsonElement operand) => Truncate(path + " " + op + " " + Json(operand));

    public static string Join(string prefix, FilterNode[] children) =>
        Truncate(prefix + " (" + string.Join("; ", children.Select(c => c.Description)) + ")");

    public static string Truncate(string text) => text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");

    /// <summary>Compact JSON of an operand, whatever whitespace the filter document had.</summary>
    private static string Json(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
