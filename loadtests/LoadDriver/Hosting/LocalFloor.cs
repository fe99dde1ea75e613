using System.Globalization;

namespace LoadDriver.Hosting;

/// <summary>The floor app (<c>loadtests/Floor</c>), with its own <c>redis-server</c> when it LPUSHes, started for one run.</summary>
internal sealed class LocalFloor : IDisposable
{
    private readonly LocalRedis? _redis;
    private readonly ChildProcess _floor;

    private LocalFloor(LocalRedis? redis, ChildProcess floor, Uri url)
    {
        _redis = redis;
        _floor = floor;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _floor.Id;

    public int? RedisPid => _redis?.Pid;

    public bool Exited => _floor.HasExited;

    public string Log => _floor.LogPath;

    public static async Task<LocalFloor> StartAsync(string floorDll, string? redisServer, string runDirectory, CancellationToken cancellationToken)
    {
        if (!File.Exists(floorDll))
        {
            throw new FileNotFoundException($"No floor app build at {floorDll}; run 'dotnet build loadtests/LoadDriver -c Release' first (it builds the floor app too).", floorDll);
        }

        // The child runs in the build's folder, so a relative path would no longer point at it.
        floorDll = Path.GetFullPath(floorDll);
        var redis = redisServer is null ? null : await LocalRedis.StartAsync(redisServer, runDirectory, cancellationToken);
        try
        {
            var url = new Uri($"http://127.0.0.1:{ChildProcess.FreePort().ToString(CultureInfo.InvariantCulture)}");
            List<string> arguments = [floorDll, "--urls", url.ToString().TrimEnd('/')];
            if (redis is not null)
            {
                arguments.AddRange(["--lpush", "--redis", redis.Configuration]);
            }

            var floor = ChildProcess.Start(
                "dotnet",
                arguments,
                new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production", ["ASPNETCORE_ENVIRONMENT"] = "Production" },
                Path.GetDirectoryName(Path.GetFullPath(floorDll))!,
                Path.Combine(runDirectory, "floor.log"));
            try
            {
                await Readiness.WaitForHttpAsync(floor, url, cancellationToken);
                return new LocalFloor(redis, floor, url);
            }
            catch
            {
                floor.Dispose();
                throw;
            }
        }
        catch
        {
            redis?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _floor.Dispose();
        _redis?.Dispose();
    }
}
