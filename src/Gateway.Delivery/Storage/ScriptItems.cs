using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gateway.Delivery.Storage;

/// <summary>
/// The argument a batch script reads its items from: fields written one after another as
/// <c>"&lt;byte length&gt;:&lt;bytes&gt;"</c>, so any text, a ':' included, goes through unescaped.
/// </summary>
internal static class ScriptItems
{
    public static void Write(ArrayBufferWriter<byte> buffer, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        var header = buffer.GetSpan(12);
        length.TryFormat(header, out var digits, default, CultureInfo.InvariantCulture);
        header[digits] = (byte)':';
        buffer.Advance(digits + 1);
        buffer.Advance(Encoding.UTF8.GetBytes(value, buffer.GetSpan(length)));
    }
}
