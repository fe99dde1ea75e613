using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Gateway.Delivery.Logs;

/// <summary>
/// Where a page of the log listing ended: the time (Unix ms) and tie-break key of its last entry. Entries are ordered
/// by time, then key, both descending, so the next page is every entry that sorts after this one. Opaque to clients.
/// </summary>
public sealed record LogCursor(long AtMs, string Key)
{
    public bool IsAfter(long atMs, string key) => atMs < AtMs || (atMs == AtMs && string.CompareOrdinal(key, Key) < 0);

    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"1|{AtMs}|{Key}")));

    public static LogCursor? Decode(string value)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value));
            var parts = text.Split('|', 3);
            return parts.Length == 3 && parts[0] == "1" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var at)
                ? new LogCursor(at, parts[2])
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
