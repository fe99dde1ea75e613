using Gateway.Delivery.Metrics;
using Gateway.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Metrics;

/// <summary>A Kestrel app on a loopback port that only serves <c>/metrics</c>, as the gateway host does.</summary>
public sealed class MetricsApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MetricsApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public GatewayMetrics Metrics => _app.Services.GetRequiredService<GatewayMetrics>();

    public static async Task<MetricsApp> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddGatewayMetrics();
        var app = builder.Build();
        app.MapGatewayMetrics();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new MetricsApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
