namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway host (API only unless <see cref="Settings"/> says otherwise) against a real store. The tests of a class
/// share one host (starting one costs about a second of CPU); each test makes its own tenant, and its key prefix is
/// the class's. A class whose tests need a host of their own says so with <see cref="HostPerTest"/>.
/// </summary>
public abstract class GatewayTestBase(StoreFixture store) : IAsyncLifetime
{
    protected StoreFixture Store { get; } = store;

    protected GatewayFactory Factory { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    /// <summary>True when each test needs a new host (it counts what the whole host logged, or changes the host).</summary>
    protected virtual bool HostPerTest => false;

    public virtual async Task InitializeAsync()
    {
        Factory = HostPerTest
            ? new GatewayFactory(Store, Settings)
            : await Store.ClassHostAsync(GetType(), () => Task.FromResult(new GatewayFactory(Store, Settings)));
    }

    public virtual async Task DisposeAsync()
    {
        if (HostPerTest)
        {
            await Factory.DisposeAsync();
        }
    }
}
