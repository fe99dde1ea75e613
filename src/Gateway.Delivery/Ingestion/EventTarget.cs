using System.Globalization;

namespace Gateway.Delivery.Ingestion;

/// <summary>
/// One target of an accepted event, as its record keeps it (field <c>g</c>, read by recovery, the logs and the
/// scripts): <c>endpointId:delaySeconds</c>, and <c>:group</c> (URI-escaped, so it holds no <c>,</c> or <c>:</c>) for an
/// ordered group; targets are joined by <c>,</c>. The one codec of that format in C#.
/// </summary>
public sealed record EventTarget(string EndpointId, int DelaySeconds, string? Group = null)
{
    public string Format() => Group is null
        ? string.Create(CultureInfo.InvariantCulture, $"{EndpointId}:{DelaySeconds}")
        : string.Create(CultureInfo.InvariantCulture, $"{EndpointId}:{DelaySeconds}:{Uri.EscapeDataString(Group)}");

    public static string FormatList(IEnumerable<EventTarget> targets) => string.Join(',', targets.Select(t => t.Format()));

    /// <exception cref="FormatException">A target without its delay.</exception>
    public static IReadOnlyList<EventTarget> ParseList(string list) =>
        [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Parse)];

    private static EventTarget Parse(string target)
    {
        var parts = target.Split(':', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var delay))
        {
            throw new FormatException($"An event target is 'endpointId:delaySeconds[:group]', not '{target}'.");
        }

        return new EventTarget(parts[0], delay, parts.Length == 3 ? Uri.UnescapeDataString(parts[2]) : null);
    }
}
