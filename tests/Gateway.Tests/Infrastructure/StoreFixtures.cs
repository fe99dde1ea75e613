using Gateway.LocalStore;

namespace Gateway.Tests.Infrastructure;

/// <summary>A real Redis-compatible server for a test collection, started on a free loopback port.</summary>
public abstract class StoreFixture(LocalServerKind kind) : IAsyncLifetime
{
    private LocalRedisServer? _server;

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

    public virtual async Task DisposeAsync()
    {
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
