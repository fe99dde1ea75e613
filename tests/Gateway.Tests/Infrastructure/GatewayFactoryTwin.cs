namespace Gateway.Tests.Infrastructure;

/// <summary>A second gateway process sharing the first one's store and key prefix.</summary>
public sealed class GatewayFactoryTwin(GatewayFactory first, StoreFixture store, IDictionary<string, string?>? settings = null) : IAsyncDisposable
{
    public GatewayFactory Factory { get; } = new(store, Merge(first.KeyPrefix, settings));

    public ValueTask DisposeAsync() => Factory.DisposeAsync();

    private static Dictionary<string, string?> Merge(string prefix, IDictionary<string, string?>? settings)
    {
        var merged = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()) { ["Redis:KeyPrefix"] = prefix };
        return merged;
    }
}
