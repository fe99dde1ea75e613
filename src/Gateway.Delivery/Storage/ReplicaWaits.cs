using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// Confirms that writes reached enough replicas (<c>Redis:WaitForReplicas</c>) without ever holding up other work.
/// <c>WAIT</c> blocks the connection it runs on, so it never runs on the process's shared multiplexer: a check sends a
/// one-key marker write (<c>SET … PX</c>, in the slot of a key the caller wrote, so on the same master) and then
/// <c>WAIT</c> on a dedicated connection. The marker is what WAIT measures (it waits for its connection's own last
/// write), and its replication offset is past every write already acknowledged on the shared connection. Checks of one
/// master are batched into rounds: one marker and one WAIT in flight per master, and every check that arrives meanwhile
/// joins the next round, whose marker is written after its writes. A master <see cref="ReplicaHealth"/> knows to be
/// short of replicas answers at once, without a WAIT; and no check waits longer than the timeout plus a small margin.
/// </summary>
public sealed class ReplicaWaits : IAsyncDisposable
{
    // Room for the reply of a WAIT that the server ends at its timeout.
    private static readonly TimeSpan s_margin = TimeSpan.FromMilliseconds(50);

    private readonly Func<ConnectionMultiplexer> _shared;
    private readonly ConfigurationOptions _config;
    private readonly string _prefix;
    private readonly Lazy<Task<ConnectionMultiplexer>> _waitConnection;
    private readonly Lazy<Task<ConnectionMultiplexer>> _healthConnection;
    private readonly ConcurrentDictionary<string, Rounds> _rounds = new(StringComparer.Ordinal);

    public ReplicaWaits(Func<ConnectionMultiplexer> shared, ConfigurationOptions config, string prefix, RedisOptions options, TimeProvider time)
    {
        _shared = shared;
        _config = config;
        _prefix = prefix;
        _waitConnection = Connect("wait");
        // INFO is an admin command to StackExchange.Redis; this connection sends nothing else.
        _healthConnection = Connect("replica-health", allowAdmin: true);
        Health = new ReplicaHealth(() => _healthConnection.Value, options.ReplicaHealthInterval, time);
    }

    public ReplicaHealth Health { get; }

    /// <summary>Starts connecting and polling replica health, without waiting for either.</summary>
    public void Start()
    {
        _ = _waitConnection.Value;
        Health.Start();
    }

    /// <summary>
    /// Whether the master holding <paramref name="key"/> is known to be short of <paramref name="replicas"/> live
    /// replicas (a master not seen lately is not known to be short).
    /// </summary>
    public bool IsKnownShort(RedisKey key, int replicas) =>
        Health.ReplicasOf(_shared().GetServer(key).EndPoint.ToString()!) is { } live && live < replicas;

    /// <summary>
    /// Returns once every master holding one of <paramref name="keys"/> has the writes on <paramref name="replicas"/>
    /// replicas; throws <see cref="ReplicationShortfallException"/> at once for a master known to be short of them,
    /// or after <paramref name="timeout"/> when fewer confirmed.
    /// </summary>
    public async Task ConfirmAsync(IReadOnlyCollection<RedisKey> keys, int replicas, TimeSpan timeout)
    {
        var shared = _shared();
        var masters = keys.Select(k => (Key: k, EndPoint: shared.GetServer(k).EndPoint.ToString()!)).DistinctBy(m => m.EndPoint).ToList();
        foreach (var (_, endPoint) in masters)
        {
            if (Health.ReplicasOf(endPoint) is { } live && live < replicas)
            {
                throw new ReplicationShortfallException(replicas, live, TimeSpan.Zero);
            }
        }

        var confirmed = await Task.WhenAll(masters.Select(m => JoinAsync(m.Key, m.EndPoint, replicas, timeout))).ConfigureAwait(false);
        var fewest = confirmed.Min();
        if (fewest < replicas)
        {
            throw new ReplicationShortfallException(replicas, fewest, timeout);
        }
    }

    private async Task<long> JoinAsync(RedisKey written, string endPoint, int replicas, TimeSpan timeout)
    {
        var round = _rounds.GetOrAdd(endPoint, _ => new Rounds(this)).Join(written, replicas, timeout);
        try
        {
            return await round.WaitAsync(timeout + s_margin).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return 0;
        }
    }

    // One round: the marker, then WAIT, pipelined in this order on one socket.
    private async Task<long> RoundAsync(RedisKey written, int replicas, TimeSpan timeout)
    {
        var connection = await _waitConnection.Value.ConfigureAwait(false);
        var marker = (RedisKey)$"{_prefix}:{{{SlotTag(written.ToString())}}}:replwait";
        var set = connection.GetDatabase().StringSetAsync(marker, "1", TimeSpan.FromSeconds(10));
        var wait = connection.GetServer(marker).ExecuteAsync("WAIT", replicas, (long)timeout.TotalMilliseconds);
        try
        {
            var reply = await wait.ConfigureAwait(false);
            // A marker that was not written (e.g. Redis full) leaves WAIT measuring nothing: not a confirmation.
            return await set.ConfigureAwait(false) ? (long)reply : 0;
        }
        catch (Exception ex) when (ex is TimeoutException or RedisException)
        {
            _ = set.ContinueWith(static t => t.Exception, TaskScheduler.Default);
            return 0;
        }
    }

    /// <summary>The rounds of one master: at most one in flight, and the next one gathering the checks that arrive meanwhile.</summary>
    private sealed class Rounds(ReplicaWaits owner)
    {
        private readonly Lock _lock = new();
        private bool _inFlight;
        private TaskCompletionSource<long>? _next;
        private (RedisKey Key, int Replicas, TimeSpan Timeout) _nextArgs;

        public Task<long> Join(RedisKey written, int replicas, TimeSpan timeout)
        {
            lock (_lock)
            {
                if (_inFlight)
                {
                    // The round in flight may have written its marker before these writes: wait for the next one.
                    _next ??= new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                    _nextArgs = (written, replicas, timeout);
                    return _next.Task;
                }

                _inFlight = true;
            }

            var first = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = RunAsync(first, written, replicas, timeout);
            return first.Task;
        }

        private async Task RunAsync(TaskCompletionSource<long> round, RedisKey written, int replicas, TimeSpan timeout)
        {
            while (true)
            {
                try
                {
                    round.SetResult(await owner.RoundAsync(written, replicas, timeout).ConfigureAwait(false));
                }
                catch (Exception ex)
                {
                    round.SetException(ex);
                }

                lock (_lock)
                {
                    if (_next is null)
                    {
                        _inFlight = false;
                        return;
                    }

                    (round, _next) = (_next, null);
                    (written, replicas, timeout) = _nextArgs;
                }
            }
        }
    }

    /// <summary>What Redis Cluster hashes for <paramref name="key"/>: its <c>{tag}</c>, or the whole key when it has none.</summary>
    internal static string SlotTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        if (open >= 0)
        {
            var close = key.IndexOf('}', open + 1);
            if (close > open + 1)
            {
                return key[(open + 1)..close];
            }
        }

        return key;
    }

    private Lazy<Task<ConnectionMultiplexer>> Connect(string name, bool allowAdmin = false)
    {
        var config = _config.Clone();
        config.AllowAdmin = allowAdmin;
        config.ClientName = (config.ClientName ?? "gateway") + "-" + name;
        return new Lazy<Task<ConnectionMultiplexer>>(async () => await ConnectionMultiplexer.ConnectAsync(config).ConfigureAwait(false));
    }

    public async ValueTask DisposeAsync()
    {
        await Health.DisposeAsync().ConfigureAwait(false);
        foreach (var connection in new[] { _waitConnection, _healthConnection }.Where(c => c.IsValueCreated))
        {
            try
            {
                (await connection.Value.ConfigureAwait(false)).Dispose();
            }
            catch (RedisException)
            {
            }
        }
    }
}
