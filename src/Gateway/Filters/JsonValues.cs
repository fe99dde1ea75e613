using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;

namespace Gateway.Filters;

/// <summary>Allocation-free reads of event values: numbers as decimals, strings as UTF-16 spans.</summary>
internal static class JsonValues
{
    /// <summary>Strings up to this many UTF-16 chars are read into a stack buffer; longer or escaped ones allocate.</summary>
    public const int StackChars = 256;

    /// <summary>
    /// Reads a JSON number as a decimal. Numbers beyond the decimal range saturate to <see cref="decimal.MaxValue"/> or
    /// <see cref="decimal.MinValue"/>, which keeps every comparison with an operand (always in range) correct.
    /// </summary>
    public static bool TryGetNumber(JsonElement element, out decimal value)
    {
        value = 0;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return false;
        }

        if (element.TryGetDecimal(out value))
        {
            return true;
        }

        if (element.TryGetDouble(out var d))
        {
            value = Math.Abs(d) < 1 ? 0m : d > 0 ? decimal.MaxValue : decimal.MinValue;
            return true;
        }

        var raw = JsonMarshal.GetRawUtf8Value(element);
        value = raw.Length > 0 && raw[0] == (byte)'-' ? decimal.MinValue : decimal.MaxValue;
        return true;
    }

    /// <summary>
    /// The chars of a JSON string: decoded into <paramref name="buffer"/> when it fits and has no escapes, else the
    /// string itself (an allocation, rare for the short codes, statuses and addresses filters look at).
    /// </summary>
    public static ReadOnlySpan<char> GetChars(JsonElement element, Span<char> buffer)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        if (raw.Length >= 2 && raw[0] == (byte)'"')
        {
            raw = raw[1..^1];
        }

        if (raw.IndexOf((byte)'\\') < 0
            && Utf8.ToUtf16(raw, buffer, out _, out var written) == OperationStatus.Done)
        {
            return buffer[..written];
        }

        return element.GetString();
    }

    public static decimal SaturatingAdd(decimal a, decimal b)
    {
        try
        {
            return a + b;
        }
        catch (OverflowException)
        {
            return a > 0 ? decimal.MaxValue : decimal.MinValue;
        }
    }

    public static decimal SaturatingMultiply(decimal a, decimal b)
    {
        try
        {
            return a * b;
        }
        catch (OverflowException)
        {
            return (a > 0) == (b > 0) ? decimal.MaxValue : decimal.MinValue;
        }
    }
}
