using System.Runtime.CompilerServices;
using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>What a connection is connected to: one server that holds every key, or a cluster.</summary>
public static class ServerTopology
{
    private static readonly ConditionalWeakTable<IConnectionMultiplexer, StrongBox<bool>> s_standalone = new();

    /// <summary>
    /// Whether one server holds every key (a single Redis or Garnet, not a cluster). False until the connection has
    /// told which it is, then remembered for the connection's life.
    /// </summary>
    public static bool IsStandalone(IConnectionMultiplexer connection)
    {
        if (s_standalone.TryGetValue(connection, out var known))
        {
            return known.Value;
        }

        if (!connection.IsConnected)
        {
            return false;
        }

        var standalone = connection.GetEndPoints().All(e => connection.GetServer(e) is { IsConnected: true, ServerType: ServerType.Standalone });
        s_standalone.AddOrUpdate(connection, new StrongBox<bool>(standalone));
        return standalone;
    }
}
