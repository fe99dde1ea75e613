using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// The process's one shared <see cref="ConnectionMultiplexer"/> and its key layout, and (for
/// <c>Redis:WaitForReplicas</c>) the dedicated connections of <see cref="Replicas"/>.
/// </summary>
public sealed class RedisStore : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;
    private readonly Lazy<ReplicaWaits> _replicas;

    public RedisStore(IOptions<RedisOptions> options, TimeProvider? time = null)
    {
        var redis = options.Value;
        if (string.IsNullOrWhiteSpace(redis.Configuration))
        {
            throw new InvalidOperationException("Redis:Configuration is not set and no local server was started.");
        }

        Keys = new RedisKeys(redis.KeyPrefix);
        var config = ConfigurationOptions.Parse(redis.Configuration);
        config.AbortOnConnectFail = false;
        config.ReconnectRetryPolicy = new LinearRetry(250);
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(config));
        _replicas = new Lazy<ReplicaWaits>(() => new ReplicaWaits(() => Connection, config, redis.KeyPrefix, redis, time ?? TimeProvider.System));
        if (redis.WaitForReplicas > 0)
        {
            // Connected and polling before the first accept: a connect can take the whole connect timeout (a listed
            // node that is down), and the first accepts would pay it.
            Replicas.Start();
        }
    }

    /// <summary>Replica confirmation on connections of its own; created (and connected) on first use.</summary>
    public ReplicaWaits Replicas => _replicas.Value;

    public RedisKeys Keys { get; }

    public ConnectionMultiplexer Connection => _connection.Value;

    /// <summary>Whether the process holds a working connection now. Connects on first use, as any other access does.</summary>
    public bool IsConnected => Connection.IsConnected;

    public IDatabase Database => Connection.GetDatabase();

    /// <summary>
    /// Whether the server that holds <paramref name="key"/> is connected now. A master that died is down until the
    /// cluster promotes its replica and the client has read the new slot map (2 to 3 s on loopback).
    /// </summary>
    public bool Reaches(RedisKey key)
    {
        try
        {
            return Connection.GetServer(key).IsConnected;
        }
        catch (Exception ex) when (ex is RedisException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            return false; // no server for its slot now (every node down, or no slot map yet)
        }
    }

    /// <summary>
    /// Whether one server holds every key (a single Redis or Garnet, not a cluster), so that one script may touch keys
    /// of several hash tags. False until the connection has told which it is: the per-slot path is right everywhere.
    /// </summary>
    public bool IsSingleServer => ServerTopology.IsStandalone(Connection);

    public ISubscriber Subscriber => Connection.GetSubscriber();

    public void Dispose()
    {
        if (_replicas.IsValueCreated)
        {
            _replicas.Value.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }
    }
}
