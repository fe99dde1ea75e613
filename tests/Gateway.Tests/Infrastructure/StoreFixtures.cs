using Gateway.LocalStore;

namespace Gateway.Tests.Infrastructure;

/// <summary>A real Redis-compatible server for a test collection, started on a free loopback port.</summary>
public abstract class StoreFixture(LocalServerKind kind) : IAsyncLifetime
{
    private readonly SemaphoreSlim _classHostGate = new(1, 1);
    private LocalRedisServer? _server;
    private (Type Owner, IAsyncDisposable Host)? _classHost;

    public LocalServerKind Kind { get; } = kind;

    public LocalRedisServer Server => _server ?? throw new InvalidOperationException("The store is not started.");

    public virtual string Configuration => Server.Configuration;

    public virtual async Task InitializeAsync()
    {
        var port = LocalRedisServer.FreePort();
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        var data = Path.Combine(root, ".data", "test", $"{Kind.ToString().ToLowerInvariant()}-{port}");
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        _server = await LocalRedisServer.StartAsync(Kind, port, data);
    }

    /// <summary>
    /// The gateway host (or host and receiver) the tests of <paramref name="owner"/> share, made by
    /// <paramref name="create"/> for its first test. xunit runs the classes of a collection one after another, so the
    /// fixture keeps one such host: it disposes the previous class's when another class asks, and the last one with
    /// the collection.
    /// </summary>
    public async Task<T> ClassHostAsync<T>(Type owner, Func<Task<T>> create)
        where T : class, IAsyncDisposable
    {
        await _classHostGate.WaitAsync();
        try
        {
            if (_classHost is { } current)
            {
                if (current.Owner == owner)
                {
                    return (T)current.Host;
                }

                _classHost = null;
                await current.Host.DisposeAsync();
            }

            var host = await create();
            _classHost = (owner, host);
            return host;
        }
        finally
        {
            _classHostGate.Release();
        }
    }

    /// <summary>Disposes the class host, if any; the collection's end calls it.</summary>
    protected async Task DisposeClassHostAsync()
    {
        if (_classHost is { } current)
        {
            _classHost = null;
            await current.Host.DisposeAsync();
        }
    }

    public virtual async Task DisposeAsync()
    {
        await DisposeClassHostAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
            try
            {
                Directory.Delete(_server.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the next run to clear.
            }
        }
    }
}

public sealed class RedisFixture() : StoreFixture(LocalServerKind.Redis);

public sealed class GarnetFixture() : StoreFixture(LocalServerKind.Garnet);

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}

/// <summary>The delivery tests: their own Redis, so they run beside the other collections instead of after them.</summary>
[CollectionDefinition(Name)]
public sealed class RedisDeliveryCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis-delivery";
}

/// <summary>Orders, logs and stats: their own Redis too.</summary>
[CollectionDefinition(Name)]
public sealed class RedisApiCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis-api";
}

/// <summary>The console in a real browser (Chromium is the heaviest thing the suite runs): its own Redis, beside the rest.</summary>
[CollectionDefinition(Name)]
public sealed class RedisBrowserCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis-browser";
}

/// <summary>Sweeps of malformed requests over every route: their own Redis, so a long sweep runs beside the rest.</summary>
[CollectionDefinition(Name)]
public sealed class RedisProblemsCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis-problems";
}

/// <summary>Endpoints and destinations through the API: their own Redis too.</summary>
[CollectionDefinition(Name)]
public sealed class RedisEndpointsCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis-endpoints";
}

[CollectionDefinition(Name)]
public sealed class GarnetCollection : ICollectionFixture<GarnetFixture>
{
    public const string Name = "garnet";
}

/// <summary>A 3-master Redis Cluster (no replicas) shared by the suites that run against it.</summary>
public sealed class ClusterFixture() : StoreFixture(LocalServerKind.Redis)
{
    private LocalRedisCluster? _cluster;

    public LocalRedisCluster Cluster => _cluster ?? throw new InvalidOperationException("The cluster is not started.");

    public override string Configuration => Cluster.Configuration;

    public override async Task InitializeAsync()
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? Path.GetTempPath();
        _cluster = await LocalRedisCluster.StartAsync(masters: 3, replicasPerMaster: 0, Path.Combine(root, ".data", "test", $"cluster-{Guid.NewGuid():N}"));
    }

    public override async Task DisposeAsync()
    {
        await DisposeClassHostAsync();
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}

/// <summary>
/// Tests that run gateways as separate processes, or start their own 3 + 3 cluster and kill its nodes. They run one
/// after another (each costs a core or more for a while, and measures answer times), beside the in-process cluster
/// tests instead of after them. (Run as two collections, a failover beside a process start failed both on a loaded
/// machine: a healthy-shard accept took 1.6 s, and a worker process was not ready within a minute.)
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessesCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "processes";
}
