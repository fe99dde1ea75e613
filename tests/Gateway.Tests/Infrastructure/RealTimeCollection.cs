namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Tests that measure wall-clock pacing (receiver-side timestamps): their own Redis and Redis Cluster, and run alone
/// after the parallel collections, so the suite's own load on a 2-core machine does not bunch what they measure.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealTimeCollection : ICollectionFixture<RedisFixture>, ICollectionFixture<ClusterFixture>
{
    public const string Name = "real-time";
}
