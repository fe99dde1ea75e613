using System.Collections.Concurrent;
using System.Globalization;
using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// How many live replicas each master has, read from <c>INFO replication</c> every
/// <see cref="RedisOptions.ReplicaHealthInterval"/> on a connection of its own (a slow answer delays nothing else).
/// A replica counts when it is <c>online</c> and acknowledged the stream within the last few seconds. What a master
/// said is believed for a few intervals only: a master that stops answering becomes unknown, not healthy.
/// </summary>
public sealed class ReplicaHealth : IAsyncDisposable
{
    /// <summary>A replica silent for longer than this (seconds since its last ACK; they ACK every second) does not count.</summary>
    private const int MaxLagSeconds = 3;

    private readonly ConcurrentDictionary<string, (int Replicas, long At)> _masters = new(StringComparer.Ordinal);
    private readonly Func<Task<ConnectionMultiplexer>> _connect;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private int _started;
    private Task _loop = Task.CompletedTask;

    public ReplicaHealth(Func<Task<ConnectionMultiplexer>> connect, TimeSpan interval, TimeProvider time)
    {
        _connect = connect;
        _interval = interval;
        _time = time;
    }

    /// <summary>Replicas of the master at <paramref name="endpoint"/> as last seen, or null when not seen lately.</summary>
    public int? ReplicasOf(string endpoint)
    {
        EnsureStarted();
        return _masters.TryGetValue(endpoint, out var seen) && _time.GetElapsedTime(seen.At) < _interval * 4 ? seen.Replicas : null;
    }

    /// <summary>Reads every master once now (the poll loop does the same every interval).</summary>
    public async Task RefreshAsync()
    {
        var connection = await _connect().ConfigureAwait(false);
        var reads = connection.GetServers().Where(s => s.IsConnected).Select(ReadAsync);
        await Task.WhenAll(reads).ConfigureAwait(false);
    }

    /// <summary>Starts the poll loop (once; reading a master's count starts it too).</summary>
    public void Start() => EnsureStarted();

    private void EnsureStarted()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _loop = Task.Run(PollAsync);
        }
    }

    private async Task PollAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException or ObjectDisposedException)
            {
                // A server that refuses INFO (some managed Redis) or is unreachable: its masters age out of _masters,
                // unknown, so accepts fall back to WAIT with its timeout.
            }

            try
            {
                await Task.Delay(_interval, _time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadAsync(IServer server)
    {
        try
        {
            var info = await server.InfoAsync("replication").ConfigureAwait(false);
            var fields = info.SelectMany(g => g).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
            if (!fields.TryGetValue("role", out var role) || role != "master")
            {
                _masters.TryRemove(server.EndPoint.ToString()!, out _);
                return;
            }

            var replicas = fields.Where(f => f.Key.StartsWith("slave", StringComparison.Ordinal) && char.IsDigit(f.Key[^1])).Count(f => IsLive(f.Value));
            _masters[server.EndPoint.ToString()!] = (replicas, _time.GetTimestamp());
        }
        catch (Exception ex) when (ex is RedisException or RedisCommandException or TimeoutException)
        {
            _masters.TryRemove(server.EndPoint.ToString()!, out _);
        }
    }

    // "ip=127.0.0.1,port=7004,state=online,offset=1234,lag=0"
    private static bool IsLive(string replica)
    {
        var parts = replica.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return parts.GetValueOrDefault("state") == "online"
            && int.TryParse(parts.GetValueOrDefault("lag"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var lag) && lag <= MaxLagSeconds;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
