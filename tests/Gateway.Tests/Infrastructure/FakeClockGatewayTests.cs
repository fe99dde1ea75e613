using Gateway.Delivery.Dispatch;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Infrastructure;

/// <summary>
/// A gateway running API and workers on a fake clock, with a real receiver: tests move time with <see cref="Clock"/>
/// instead of sleeping. <see cref="Settings"/> adds to (or replaces) the retry settings every such test starts from.
/// </summary>
public abstract class FakeClockGatewayTests(StoreFixture store) : IAsyncLifetime
{
    protected FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected GatewayFactory Factory { get; private set; } = null!;

    protected Receiver Receiver { get; private set; } = null!;

    protected abstract IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>How the receiver answers in every test of the class; null: as <see cref="Receiver.Respond"/> defaults (200).</summary>
    protected virtual Func<ReceivedRequest, int, Task<IResult>>? Answer => null;

    public async Task InitializeAsync()
    {
        Receiver = await Receiver.StartAsync();
        if (Answer is { } answer)
        {
            Receiver.Respond = answer;
        }

        var settings = new Dictionary<string, string?> { ["Gateway:Roles"] = "api,worker", ["Delivery:Jitter"] = "0" };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        Factory = new GatewayFactory(store, settings, Clock);
        _ = Factory.Server;
    }

    /// <summary>
    /// Returns once the worker has finished a round begun after the call: it has seen the clock as it is now, and
    /// started or woken every pump then due. What a test asserts to be absent afterwards was not due.
    /// </summary>
    protected Task WorkerLooksAgainAsync() =>
        Factory.Services.GetRequiredService<DispatchProgress>().NextRoundAsync().WaitAsync(TimeSpan.FromSeconds(10));

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}
