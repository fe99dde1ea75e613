using Gateway.Edge;
using Microsoft.AspNetCore.Builder;

namespace Gateway.Tests.Edge;

/// <summary>The edge on a free loopback port (real Kestrel), in front of the given API processes.</summary>
public sealed class EdgeHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EdgeHost(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public static async Task<EdgeHost> StartAsync(IReadOnlyList<string> destinations, IDictionary<string, string?>? settings = null)
    {
        var baseUrl = $"http://127.0.0.1:{Gateway.LocalStore.LocalRedisServer.FreePort()}";
        var args = new List<string> { "--urls", baseUrl, "--environment", "Development" };
        for (var i = 0; i < destinations.Count; i++)
        {
            args.Add($"--Edge:Destinations:{i}={destinations[i]}");
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        var app = EdgeApp.Build([.. args]);
        await app.StartAsync();
        return new EdgeHost(app, baseUrl);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
