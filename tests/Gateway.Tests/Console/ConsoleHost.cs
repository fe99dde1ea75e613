using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Console;

/// <summary>The gateway (API and workers, fast retries) on real Kestrel at 127.0.0.1, as a browser reaches it.</summary>
public sealed class ConsoleHost : IAsyncDisposable
{
    private ConsoleHost(GatewayFactory factory, string baseUrl)
    {
        Factory = factory;
        BaseUrl = baseUrl;
    }

    public GatewayFactory Factory { get; }

    public string BaseUrl { get; }

    public static ConsoleHost Start(StoreFixture store, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Roles"] = "api,worker",
            ["Delivery:RetrySchedule"] = "00:00:00.050,00:00:00.050",
            ["Delivery:Jitter"] = "0",
            ["Delivery:PollInterval"] = "00:00:00.500",
            ["Delivery:RequestTimeout"] = "00:00:05",
            ["Delivery:BreakerFailureThreshold"] = "1000",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new GatewayFactory(store, settings);
        factory.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        factory.StartServer();
        var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ConsoleHost(factory, address.TrimEnd('/'));
    }

    public HttpClient Client(string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public async Task<TenantClient> CreateTenantAsync(string name)
    {
        var response = await Client(GatewayFactory.AdminKey).PostAsJsonAsync("/admin/tenants", new { name });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var key = body.GetProperty("apiKey").GetString()!;
        return new TenantClient(body.GetProperty("id").GetString()!, key, Client(key));
    }

    /// <summary>A console link for the tenant, as <c>POST /v1/console-sessions</c> hands it out.</summary>
    public async Task<string> LinkAsync(TenantClient tenant)
    {
        var response = await tenant.Http.PostAsync("/v1/console-sessions", null);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
    }

    public async ValueTask DisposeAsync() => await Factory.DisposeAsync();
}
