using System.Diagnostics;

namespace Gateway.Delivery.Metrics;

/// <summary>
/// Lets the two queue gauges of one scrape share a single call of the source: each gauge has its
/// own callback, and the source may be costly.
/// </summary>
internal sealed class QueueDepthCache
{
    private static readonly long s_maxAge = Stopwatch.Frequency / 4;

    private readonly Lock _lock = new();
    private Func<IReadOnlyList<QueueDepth>>? _source;
    private IReadOnlyList<QueueDepth> _last = [];
    private long _readAt;

    public void SetSource(Func<IReadOnlyList<QueueDepth>> source)
    {
        lock (_lock)
        {
            _source = source;
            _readAt = 0;
        }
    }

    public IReadOnlyList<QueueDepth> Read()
    {
        lock (_lock)
        {
            if (_source is null)
            {
                return [];
            }

            // Stopwatch, not the clock: this only measures "same scrape", and TimeProvider is not needed for that.
            var now = Stopwatch.GetTimestamp();
            if (_readAt == 0 || now - _readAt > s_maxAge)
            {
                _last = _source();
                _readAt = now;
            }

            return _last;
        }
    }
}
