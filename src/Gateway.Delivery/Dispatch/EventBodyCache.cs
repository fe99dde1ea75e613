using System.Collections.Concurrent;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Recently ingested event bodies, so a process that runs both the API and the workers delivers them without
/// fetching each body back from Redis once per endpoint. Bounded by entry count; oldest entries leave first.
/// A miss is never an error: the body is read from the event's shard.
/// </summary>
public sealed class EventBodyCache(int capacity = 20_000, int maxBodyBytes = 64 * 1024)
{
    private readonly ConcurrentDictionary<string, (byte[] Body, string? TraceParent)> _bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private int _count; // ConcurrentDictionary.Count takes every lock: keep our own

    public int Count => Volatile.Read(ref _count);

    /// <param name="traceParent">The accept's trace context (tracing on), which the attempts continue.</param>
    public void Add(string eventId, ReadOnlySpan<byte> body, string? traceParent = null)
    {
        if (capacity == 0 || body.Length > maxBodyBytes || !_bodies.TryAdd(eventId, (body.ToArray(), string.IsNullOrEmpty(traceParent) ? null : traceParent)))
        {
            return;
        }

        _order.Enqueue(eventId);
        var count = Interlocked.Increment(ref _count);
        while (count > capacity && _order.TryDequeue(out var oldest))
        {
            if (_bodies.TryRemove(oldest, out _))
            {
                count = Interlocked.Decrement(ref _count);
            }
        }
    }

    public bool TryGet(string eventId, out byte[] body) => TryGet(eventId, out body, out _);

    public bool TryGet(string eventId, out byte[] body, out string? traceParent)
    {
        var found = _bodies.TryGetValue(eventId, out var entry);
        (body, traceParent) = entry;
        return found;
    }
}
