using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gateway.Delivery.Queue;

/// <summary>The endpoints this process marked in the active-endpoint index within the last <c>freshFor</c>.</summary>
internal sealed class RecentMarks(TimeSpan freshFor)
{
    private readonly ConcurrentDictionary<string, long> _markedAt = new(StringComparer.Ordinal);
    private readonly long _freshTicks = (long)(freshFor.TotalSeconds * Stopwatch.Frequency);

    // Stopwatch, not the clock: this only bounds how long a mark is trusted, and a fake clock must not stretch it.
    public bool IsFresh(string endpointId) =>
        _markedAt.TryGetValue(endpointId, out var at) && Stopwatch.GetTimestamp() - at < _freshTicks;

    public void Touch(string endpointId) => _markedAt[endpointId] = Stopwatch.GetTimestamp();
}
