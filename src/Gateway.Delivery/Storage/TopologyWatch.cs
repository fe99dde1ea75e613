using System.Net;
using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// On a Redis Cluster, re-reads the slot map twice a second while a master is unreachable, so that commands go to the
/// replica the cluster promotes as soon as it is promoted. A dead master answers nothing, not even the <c>MOVED</c>
/// that would teach the client, which otherwise keeps sending that master's slots into its backlog until the client's
/// own timeout. Stops once every master is connected again, or a minute after the last failure (a master that never
/// returns has lost its slots by then).
/// </summary>
internal sealed class TopologyWatch
{
    private static readonly TimeSpan s_every = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan s_atMost = TimeSpan.FromMinutes(1);

    private readonly ConnectionMultiplexer _connection;
    private readonly TimeProvider _time;
    private long _lastFailure;
    private int _running;

    private TopologyWatch(ConnectionMultiplexer connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
    }

    public static void Attach(ConnectionMultiplexer connection, TimeProvider time)
    {
        var watch = new TopologyWatch(connection, time);
        connection.ConnectionFailed += (_, e) => watch.OnFailed(e.EndPoint, e.ConnectionType);
    }

    private void OnFailed(EndPoint? endPoint, ConnectionType type)
    {
        if (endPoint is null || type != ConnectionType.Interactive
            || _connection.GetServer(endPoint) is not { ServerType: ServerType.Cluster, IsReplica: false })
        {
            return;
        }

        Interlocked.Exchange(ref _lastFailure, _time.GetTimestamp());
        if (Interlocked.Exchange(ref _running, 1) == 0)
        {
            _ = Task.Run(WatchAsync);
        }
    }

    private async Task WatchAsync()
    {
        try
        {
            while (_time.GetElapsedTime(Interlocked.Read(ref _lastFailure)) < s_atMost && AnyMasterDown())
            {
                await Task.Delay(s_every, _time).ConfigureAwait(false);
                try
                {
                    await _connection.ConfigureAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is RedisException or TimeoutException)
                {
                    // Every node unreachable for now: the next round tries again.
                }
            }
        }
        catch (ObjectDisposedException)
        {
            // The process is stopping.
        }
        finally
        {
            Volatile.Write(ref _running, 0);
        }
    }

    private bool AnyMasterDown() => _connection.GetServers().Any(s => s is { IsConnected: false, IsReplica: false });
}
