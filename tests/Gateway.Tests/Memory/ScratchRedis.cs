using Gateway.LocalStore;
using Gateway.Tests.Infrastructure;
using StackExchange.Redis;

namespace Gateway.Tests.Memory;

/// <summary>A redis-server of one test's own, so it can change server-wide settings (maxmemory, policy, ACL users).</summary>
internal sealed class ScratchRedis : IAsyncDisposable
{
    private ScratchRedis(LocalRedisServer server, ConnectionMultiplexer admin)
    {
        Server = server;
        Admin = admin;
    }

    public LocalRedisServer Server { get; }

    public DedicatedStore Store => new(Server);

    /// <summary>A connection allowed to run CONFIG, INFO and MEMORY.</summary>
    public ConnectionMultiplexer Admin { get; }

    public IServer AdminServer => Admin.GetServers()[0];

    public static async Task<ScratchRedis> StartAsync(string name)
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        var port = LocalRedisServer.FreePort();
        var data = Path.Combine(root, ".data", "test", $"{name}-{port}");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var server = await LocalRedisServer.StartAsync(LocalServerKind.Redis, port, data);
        var admin = await ConnectionMultiplexer.ConnectAsync(server.Configuration + ",allowAdmin=true");
        return new ScratchRedis(server, admin);
    }

    public async Task<long> UsedMemoryAsync()
    {
        var info = await AdminServer.InfoAsync("memory");
        return long.Parse(info.SelectMany(g => g).First(kv => kv.Key == "used_memory").Value);
    }

    public async ValueTask DisposeAsync()
    {
        await Admin.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(Server.DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the next run to clear.
        }
    }
}
