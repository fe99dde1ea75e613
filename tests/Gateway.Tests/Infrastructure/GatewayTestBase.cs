namespace Gateway.Tests.Infrastructure;

/// <summary>A gateway host (API only unless <see cref="Settings"/> says otherwise) against a real store, new per test.</summary>
public abstract class GatewayTestBase(StoreFixture store) : IAsyncLifetime
{
    protected StoreFixture Store { get; } = store;

    protected GatewayFactory Factory { get; private set; } = null!;

    protected virtual IDictionary<string, string?>? Settings => null;

    public virtual Task InitializeAsync()
    {
        Factory = new GatewayFactory(Store, Settings);
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await Factory.DisposeAsync();
}
