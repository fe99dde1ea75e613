namespace Gateway.Delivery.Storage;

/// <summary>The store, bound from the <c>Redis</c> section.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string. <value>Empty: start a local server under <c>.data/</c>.</value></summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key this gateway writes. <value><c>gw</c></value></summary>
    public string KeyPrefix { get; set; } = "gw";

    /// <summary>
    /// On a single server (not a cluster), whether an event is stored and queued at every target in one atomic call.
    /// Off, it takes the path Redis Cluster always takes: the accept, then one queue call per target, with a pending
    /// mark that recovery finishes after a crash in between. <value>true</value>
    /// </summary>
    public bool SingleCallAccept { get; set; } = true;

    /// <summary>
    /// How many replicas must confirm an accepted event (Redis <c>WAIT</c> on every master the accept wrote to) before
    /// the API answers 202. Redis replicates asynchronously: without it, a write a master acknowledged can vanish when
    /// a replica takes over. When fewer confirm in time the API answers 503 and the client retries with its
    /// <c>Idempotency-Key</c>. <value>0 (off)</value>
    /// </summary>
    [System.ComponentModel.DataAnnotations.Range(0, 16)]
    public int WaitForReplicas { get; set; }

    /// <summary>How long the accept waits for the replicas of <see cref="WaitForReplicas"/>. <value>1 s</value></summary>
    public TimeSpan WaitForReplicasTimeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest an accept waits for the store before the API answers 503 with <c>Retry-After</c>: a master that
    /// died holds the commands sent to it until the client's own timeout (5 s) or a failover, and a stalled Redis
    /// holds them longer. At least <see cref="WaitForReplicasTimeout"/> plus 250 ms in durable mode. A write that
    /// lands after the 503 is kept and delivered; the client's retry with its <c>Idempotency-Key</c> finds it.
    /// <value>1.5 s</value>
    /// </summary>
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// How often each master's live replicas are read (<c>INFO replication</c>, on a connection of its own), so that a
    /// shard known to be short of <see cref="WaitForReplicas"/> answers 503 at once. <value>250 ms</value>
    /// </summary>
    public TimeSpan ReplicaHealthInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}
