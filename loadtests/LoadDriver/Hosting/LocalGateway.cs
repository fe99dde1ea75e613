using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace LoadDriver.Hosting;

/// <summary>A throwaway <c>redis-server</c> and the Release build of the gateway, started for one run and killed after it.</summary>
internal sealed class LocalGateway : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _redis;
    private readonly ChildProcess _gateway;

    private LocalGateway(ChildProcess redis, ChildProcess gateway, Uri url, string adminKey)
    {
        _redis = redis;
        _gateway = gateway;
        Url = url;
        AdminKey = adminKey;
    }

    public Uri Url { get; }

    public string AdminKey { get; }

    public int GatewayPid => _gateway.Id;

    public int RedisPid => _redis.Id;

    public bool GatewayExited => _gateway.HasExited;

    public string GatewayLog => _gateway.LogPath;

    public static async Task<LocalGateway> StartAsync(string gatewayDll, string redisServer, IReadOnlyDictionary<string, string> extraEnvironment, string runDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(gatewayDll))
        {
            throw new FileNotFoundException($"No gateway build at {gatewayDll}; run 'dotnet build src/Gateway -c Release' first.", gatewayDll);
        }

        var redisPort = ChildProcess.FreePort();
        var redis = ChildProcess.Start(
            redisServer,
            ["--port", redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            new Dictionary<string, string>(),
            runDirectory,
            Path.Combine(runDirectory, "redis.log"));
        try
        {
            await WaitForRedisAsync(redis, redisPort, cancellationToken);

            var port = ChildProcess.FreePort();
            var adminKey = "load-admin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            var environment = new Dictionary<string, string>
            {
                ["Redis__Configuration"] = $"127.0.0.1:{redisPort}",
                ["Gateway__AdminApiKey"] = adminKey,
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

            var url = new Uri($"http://127.0.0.1:{port}");
            var gateway = ChildProcess.Start(
                "dotnet",
                [gatewayDll, "--urls", url.ToString().TrimEnd('/')],
                environment,
                Path.GetDirectoryName(Path.GetFullPath(gatewayDll))!,
                Path.Combine(runDirectory, "gateway.log"));
            var local = new LocalGateway(redis, gateway, url, adminKey);
            try
            {
                await WaitForGatewayAsync(gateway, url, cancellationToken);
                return local;
            }
            catch
            {
                local.Dispose();
                throw;
            }
        }
        catch
        {
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
        _gateway.Dispose();
        _redis.Dispose();
    }

    private static async Task WaitForRedisAsync(ChildProcess redis, int port, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (redis.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {redis.ExitCode}:{Environment.NewLine}{redis.Tail()}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }

            await Task.Delay(50, cancellationToken);
        }

        throw new TimeoutException($"redis-server on port {port} did not answer PING within {StartTimeout.TotalSeconds} s.");
    }

    private static async Task WaitForGatewayAsync(ChildProcess gateway, Uri url, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        var path = "/readyz";
        var last = "no answer";
        while (deadline.Elapsed < StartTimeout)
        {
            if (gateway.HasExited)
            {
                throw new InvalidOperationException($"The gateway exited with code {gateway.ExitCode}:{Environment.NewLine}{gateway.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(path, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }

                last = $"{path} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}";

                // A gateway without a readiness probe is ready once it answers liveness.
                if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
                {
                    path = "/healthz";
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The gateway at {url} was not ready within {StartTimeout.TotalSeconds} s ({last}):{Environment.NewLine}{gateway.Tail()}");
    }
}
