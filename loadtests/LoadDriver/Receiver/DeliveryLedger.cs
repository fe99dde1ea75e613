using Gateway.Webhooks.Verification;
using LoadDriver.Reporting;

namespace LoadDriver.Receiver;

/// <summary>All endpoints of a run and the end-to-end latencies of their first receipts.</summary>
internal sealed class DeliveryLedger(TimeProvider time)
{
    private readonly List<ReceiverEndpoint> _endpoints = [];
    private long _lastDeliveryTimestamp;
    private long _malformed;

    public TimeProvider Time { get; } = time;

    /// <summary>Every endpoint's first receipt of each measured message.</summary>
    public LatencyRecorder All { get; } = new();

    /// <summary>The same, for endpoints that answer at once.</summary>
    public LatencyRecorder Healthy { get; } = new();

    public IReadOnlyList<ReceiverEndpoint> Endpoints => _endpoints;

    public IEnumerable<ReceiverEndpoint> HealthyEndpoints => _endpoints.Where(e => !e.Stuck);

    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary><see cref="TimeProvider.GetTimestamp"/> of the latest first receipt on a healthy endpoint.</summary>
    public long LastDeliveryTimestamp => Interlocked.Read(ref _lastDeliveryTimestamp);

    public long HealthyUnique => HealthyEndpoints.Sum(e => e.Unique);

    public long HealthyWarmupUnique => HealthyEndpoints.Sum(e => e.WarmupUnique);

    /// <summary>Adds path <c>/hook/{n}</c>, n being the returned index; call before the gateway knows the URL.</summary>
    public ReceiverEndpoint Add(string secret, bool stuck)
    {
        lock (_endpoints)
        {
            var endpoint = new ReceiverEndpoint(_endpoints.Count, new WebhookVerifier(secret, new WebhookVerifierOptions { TimeProvider = Time }), stuck);
            _endpoints.Add(endpoint);
            return endpoint;
        }
    }

    public ReceiverEndpoint? Find(int index)
    {
        lock (_endpoints)
        {
            return index >= 0 && index < _endpoints.Count ? _endpoints[index] : null;
        }
    }

    public void CountMalformed() => Interlocked.Increment(ref _malformed);

    public void RecordFirstReceipt(ReceiverEndpoint endpoint, double latencyMs)
    {
        All.Record(latencyMs);
        if (!endpoint.Stuck)
        {
            Healthy.Record(latencyMs);
            Interlocked.Exchange(ref _lastDeliveryTimestamp, Time.GetTimestamp());
        }
    }
}
