using System.Globalization;
using LoadDriver.Scenarios;

namespace LoadDriver.Hosting;

/// <summary>What every run starts from: its log folder and the driver's HTTP handler.</summary>
internal static class RunSetup
{
    /// <summary><c>.data/load/&lt;scenario&gt;-&lt;time&gt;</c> under the repository (or the temp folder outside one).</summary>
    public static string RunDirectory(Scenario scenario, TimeProvider time)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        return Path.Combine(LocalGateway.FindRepositoryRoot() ?? Path.GetTempPath(), ".data", "load", $"{scenario.Name}-{stamp}");
    }

    /// <summary>One pooled connection per request loop, kept for the whole run; no redirects, no ambient proxy.</summary>
    public static SocketsHttpHandler Handler(Scenario scenario) => new()
    {
        MaxConnectionsPerServer = scenario.Connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AllowAutoRedirect = false,
        UseProxy = false,
    };
}
