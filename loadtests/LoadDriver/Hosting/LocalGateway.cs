using System.Globalization;
using System.Security.Cryptography;

namespace LoadDriver.Hosting;

/// <summary>
/// A throwaway <c>redis-server</c> and the Release build of the gateway, started for one run and killed after it:
/// one process with both roles, or one API process and <c>workers</c> worker processes.
/// </summary>
internal sealed class LocalGateway : IDisposable
{
    private readonly LocalRedis _redis;
    private readonly List<ChildProcess> _gateways;

    private LocalGateway(LocalRedis redis, List<ChildProcess> gateways, Uri url, string adminKey)
    {
        _redis = redis;
        _gateways = gateways;
        Url = url;
        AdminKey = adminKey;
    }

    /// <summary>The process serving the API.</summary>
    public Uri Url { get; }

    public string AdminKey { get; }

    /// <summary>Every gateway process: the API one first, then the workers.</summary>
    public IReadOnlyList<int> GatewayPids => _gateways.Select(g => g.Id).ToList();

    public int RedisPid => _redis.Pid;

    public int RedisPort => _redis.Port;

    public bool GatewayExited => _gateways.Any(g => g.HasExited);

    public string GatewayLog => _gateways[0].LogPath;

    public static async Task<LocalGateway> StartAsync(string gatewayDll, string redisServer, IReadOnlyDictionary<string, string> extraEnvironment, int workers, string runDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(gatewayDll))
        {
            throw new FileNotFoundException($"No gateway build at {gatewayDll}; run 'dotnet build src/Gateway -c Release' first.", gatewayDll);
        }

        // The child runs in the build's folder, so a relative path would no longer point at it.
        gatewayDll = Path.GetFullPath(gatewayDll);
        var redis = await LocalRedis.StartAsync(redisServer, runDirectory, cancellationToken);
        var gateways = new List<ChildProcess>();
        var adminKey = "load-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        try
        {
            var urls = new List<Uri>();
            for (var n = 0; n <= workers; n++)
            {
                var environment = new Dictionary<string, string>
                {
                    ["Redis__Configuration"] = redis.Configuration,
                    ["Gateway__AdminApiKey"] = adminKey,
                    ["Encryption__Key"] = encryptionKey,
                    ["Gateway__Roles"] = "api,worker",
                    ["Security__AllowPrivateNetworks"] = "true",
                    ["Security__AllowHttp"] = "true",
                    ["DOTNET_ENVIRONMENT"] = "Production",
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                };
                foreach (var (name, value) in extraEnvironment)
                {
                    environment[name] = value;
                }

                if (workers > 0)
                {
                    environment["Gateway__Roles"] = n == 0 ? "api" : "worker";
                }

                var url = new Uri($"http://127.0.0.1:{ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture)}");
                var gateway = ChildProcess.Start(
                    "dotnet",
                    [gatewayDll, "--urls", url.ToString().TrimEnd('/')],
                    environment,
                    Path.GetDirectoryName(Path.GetFullPath(gatewayDll))!,
                    Path.Combine(runDirectory, n == 0 ? "gateway.log" : $"gateway-worker{n.ToString(CultureInfo.InvariantCulture)}.log"));
                gateways.Add(gateway);
                urls.Add(url);
            }

            // Started together, waited for together: each process pays its own start-up.
            for (var n = 0; n < gateways.Count; n++)
            {
                await Readiness.WaitForHttpAsync(gateways[n], urls[n], cancellationToken);
            }

            return new LocalGateway(redis, gateways, urls[0], adminKey);
        }
        catch
        {
            gateways.ForEach(g => g.Dispose());
            redis.Dispose();
            throw;
        }
    }

    /// <summary>The gateway's repository: the folder holding <c>Gateway.sln</c> above the working directory or the driver.</summary>
    public static string? FindRepositoryRoot()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    public void Dispose()
    {
        foreach (var gateway in _gateways)
        {
            gateway.Dispose();
        }

        _redis.Dispose();
    }
}
