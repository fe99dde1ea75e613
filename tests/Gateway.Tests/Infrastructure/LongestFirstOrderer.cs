using Xunit.Abstractions;

[assembly: TestCollectionOrderer("Gateway.Tests.Infrastructure.LongestFirstOrderer", "Gateway.Tests")]

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// Starts the collections that take longest first (xunit runs four at a time, each starting when one ends), so no
/// long collection starts late and runs alone at the end. The order is measured (per-collection sums of a full run's
/// trx), longest first; the collections not named here are short and follow in xunit's own order.
/// </summary>
public sealed class LongestFirstOrderer : ITestCollectionOrderer
{
    private static readonly string[] s_longestFirst =
    [
        ProcessesCollection.Name, RedisProblemsCollection.Name, RedisBrowserCollection.Name,
        ClusterCollection.Name, RedisCollection.Name, GarnetCollection.Name, RedisApiCollection.Name,
        RedisEndpointsCollection.Name, RedisDeliveryCollection.Name, RabbitMqCollection.Name,
    ];

    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections) =>
        testCollections.OrderBy(c => Array.IndexOf(s_longestFirst, c.DisplayName) is var i and >= 0 ? i : s_longestFirst.Length);
}
