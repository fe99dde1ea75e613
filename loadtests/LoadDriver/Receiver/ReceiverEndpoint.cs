using System.Collections.Concurrent;
using Gateway.Webhooks.Verification;

namespace LoadDriver.Receiver;

/// <summary>What one subscriber path <c>/hook/{n}</c> has seen.</summary>
internal sealed class ReceiverEndpoint(int index, WebhookVerifier verifier, bool stuck)
{
    private readonly ConcurrentDictionary<string, byte> _seen = new(StringComparer.Ordinal);
    private long _unique;
    private long _warmupUnique;
    private long _duplicates;
    private long _badSignatures;
    private long _attempts;
    private long _outOfOrder;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastByOrder = new(StringComparer.Ordinal);

    public int Index { get; } = index;

    /// <summary>Checks signature and timestamp with the endpoint's secret (the receiver library, never the gateway's signer).</summary>
    public WebhookVerifier Verifier { get; } = verifier;

    /// <summary>Holds every request longer than the gateway waits (the isolation scenario).</summary>
    public bool Stuck { get; } = stuck;

    /// <summary>Distinct measured messages received.</summary>
    public long Unique => Interlocked.Read(ref _unique);

    public long WarmupUnique => Interlocked.Read(ref _warmupUnique);

    public long Duplicates => Interlocked.Read(ref _duplicates);

    public long BadSignatures => Interlocked.Read(ref _badSignatures);

    /// <summary>Every request that reached this path.</summary>
    public long Attempts => Interlocked.Read(ref _attempts);

    /// <summary>First deliveries whose event is older than one of the same order delivered here before.</summary>
    public long OutOfOrder => Interlocked.Read(ref _outOfOrder);

    /// <summary>Checks that a first delivery of <paramref name="objectId"/> is not older than the last one of that order.</summary>
    public void CheckOrder(string objectId, DateTimeOffset eventDate)
    {
        var last = _lastByOrder.GetOrAdd(objectId, eventDate);
        if (eventDate < last)
        {
            Interlocked.Increment(ref _outOfOrder);
        }
        else
        {
            _lastByOrder[objectId] = eventDate;
        }
    }

    public void CountAttempt() => Interlocked.Increment(ref _attempts);

    public void CountBadSignature() => Interlocked.Increment(ref _badSignatures);

    /// <summary>Records a verified delivery; false when this <c>webhook-id</c> was already seen here.</summary>
    public bool TryAccept(string webhookId, bool warmup)
    {
        if (!_seen.TryAdd(webhookId, 0))
        {
            Interlocked.Increment(ref _duplicates);
            return false;
        }

        Interlocked.Increment(ref warmup ? ref _warmupUnique : ref _unique);
        return true;
    }
}
