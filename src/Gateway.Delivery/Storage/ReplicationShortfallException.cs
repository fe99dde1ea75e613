namespace Gateway.Delivery.Storage;

/// <summary>Fewer replicas than <see cref="RedisOptions.WaitForReplicas"/> confirmed a write in time: it may not survive a failover.</summary>
public sealed class ReplicationShortfallException(int wanted, long confirmed, TimeSpan timeout)
    : Exception($"{confirmed} of {wanted} replicas confirmed the write within {timeout.TotalMilliseconds:0} ms")
{
    public int Wanted { get; } = wanted;

    public long Confirmed { get; } = confirmed;
}
