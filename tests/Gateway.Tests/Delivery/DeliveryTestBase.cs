using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Delivery;

/// <summary>
/// A gateway running API and workers against a real store, with a real receiver and a fast retry schedule, new per
/// test unless the class says <see cref="HostPerClass"/>.
/// </summary>
public abstract class DeliveryTestBase(StoreFixture store) : IAsyncLifetime
{
    protected StoreFixture Store { get; } = store;

    protected GatewayFactory Factory { get; private set; } = null!;

    protected Receiver Receiver { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>
    /// True when the tests of the class may share one host and receiver (starting a host costs about a second of
    /// CPU): each makes its own tenant, and none counts or answers what the receiver gets.
    /// </summary>
    protected virtual bool HostPerClass => false;

    public async Task InitializeAsync()
    {
        var host = HostPerClass ? await Store.ClassHostAsync(GetType(), StartAsync) : await StartAsync();
        (Factory, Receiver) = (host.Factory, host.Receiver);
    }

    public async Task DisposeAsync()
    {
        if (!HostPerClass)
        {
            await new Host(Factory, Receiver).DisposeAsync();
        }
    }

    private async Task<Host> StartAsync()
    {
        var receiver = await Receiver.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Roles"] = "api,worker",
            ["Delivery:RetrySchedule"] = "00:00:00.050,00:00:00.050,00:00:00.050",
            ["Delivery:Jitter"] = "0",
            ["Delivery:PollInterval"] = "00:00:00.500",
            ["Delivery:RequestTimeout"] = "00:00:05",
            ["Delivery:BreakerFailureThreshold"] = "1000",
        };
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        var factory = new GatewayFactory(Store, settings);
        _ = factory.Server; // start the host, and with it the workers
        return new Host(factory, receiver);
    }

    protected static async Task<(string Id, string Secret)> CreateEndpointAsync(TenantClient tenant, string url, object? extra = null)
    {
        var created = await tenant.CreateEndpointAsync(url, ["*"], extra);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    protected static async Task<string> SendAsync(TenantClient tenant, JsonObject? doc = null)
    {
        var response = await tenant.Http.PostAsJsonAsync("/v1/events", doc ?? Events.Order());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    protected static async Task<JsonElement> EventuallyAsync(Func<Task<JsonElement>> read, Func<JsonElement, bool> done, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        JsonElement last;
        do
        {
            last = await read();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"Condition not met in time; last value: {last}");
        return last;
    }

    private sealed record Host(GatewayFactory Factory, Receiver Receiver) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Factory.DisposeAsync();
            await Receiver.DisposeAsync();
        }
    }
}
