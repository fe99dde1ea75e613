using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Delivery;

/// <summary>A gateway running API and workers against a real store, with a real receiver and a fast retry schedule.</summary>
public abstract class DeliveryTestBase(StoreFixture store) : IAsyncLifetime
{
    protected StoreFixture Store { get; } = store;

    protected GatewayFactory Factory { get; private set; } = null!;

    protected Receiver Receiver { get; private set; } = null!;

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    public async Task InitializeAsync()
    {
        Receiver = await Receiver.StartAsync();
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

        Factory = new GatewayFactory(Store, settings);
        _ = Factory.Server; // start the host, and with it the workers
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Receiver.DisposeAsync();
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
}
