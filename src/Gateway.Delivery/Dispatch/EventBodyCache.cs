using System.Collections.Concurrent;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Recently ingested event bodies, so a process that runs both the API and the workers delivers them without
/// fetching each body back from Redis once per endpoint. Bounded by entry count; oldest entries leave first.
/// A miss is never an error: the body is read from the event's shard.
/// </summary>
public sealed class EventBodyCache(int capacity = 20_000, int maxBodyBytes = 64 * 1024)
{
    private readonly ConcurrentDictionary<string, byte[]> _bodies = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private int _count; // ConcurrentDictionary.Count takes every lock: keep our own

    public int Count => Volatile.Read(ref _count);

    public void Add(string eventId, ReadOnlySpan<byte> body)
    {
        if (capacity == 0 || body.Length > maxBodyBytes || !_bodies.TryAdd(eventId, body.ToArray()))
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

    public bool TryGet(string eventId, out byte[] body) => _bodies.TryGetValue(eventId, out body!);
}
