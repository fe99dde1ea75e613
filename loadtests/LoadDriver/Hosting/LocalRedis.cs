using System.Globalization;

namespace LoadDriver.Hosting;

/// <summary>A throwaway <c>redis-server</c> on a free loopback port, without persistence.</summary>
internal sealed class LocalRedis : IDisposable
{
    private readonly ChildProcess _process;

    private LocalRedis(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>The StackExchange.Redis configuration string for it.</summary>
    public string Configuration => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<LocalRedis> StartAsync(string redisServer, string runDirectory, CancellationToken cancellationToken)
    {
        var port = ChildProcess.FreePort();
        var process = ChildProcess.Start(
            redisServer,
            ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            new Dictionary<string, string>(),
            runDirectory,
            Path.Combine(runDirectory, "redis.log"));
        try
        {
            await Readiness.WaitForRedisAsync(process, port, cancellationToken);
            return new LocalRedis(process, port);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();
}
