using System.Diagnostics;
using System.Net.Sockets;

namespace Gateway.LocalStore;

/// <summary>
/// A Redis-compatible server started as a child process, for the run command when no store is configured
/// and for the tests. Redis runs with the append-only file on; Garnet with Lua on.
/// </summary>
public sealed class LocalRedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private LocalRedisServer(Process process, LocalServerKind kind, int port, string dataDirectory)
    {
        _process = process;
        Kind = kind;
        Port = port;
        DataDirectory = dataDirectory;
    }

    public LocalServerKind Kind { get; }

    public int Port { get; }

    public string DataDirectory { get; }

    public string Configuration => $"127.0.0.1:{Port},abortConnect=false,connectRetry=5,connectTimeout=2000,syncTimeout=5000";

    public bool HasExited => _process.HasExited;

    /// <summary>Finds the repository root (the folder holding <c>Gateway.sln</c>) above <paramref name="start"/>.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gateway.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    public static bool RedisServerOnPath() => FindOnPath("redis-server") is not null;

    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task<LocalRedisServer> StartAsync(LocalServerKind kind, int port, string dataDirectory, CancellationToken cancellationToken = default)
    {
        if (kind == LocalServerKind.Auto)
        {
            kind = RedisServerOnPath() ? LocalServerKind.Redis : LocalServerKind.Garnet;
        }

        Directory.CreateDirectory(dataDirectory);
        var startInfo = kind == LocalServerKind.Redis ? RedisStartInfo(port, dataDirectory) : GarnetStartInfo(port, dataDirectory);
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new LocalRedisServer(process, kind, port, dataDirectory);
        var deadline = Stopwatch.StartNew();
        // Garnet's first start restores the tool and JIT-compiles, which takes a while on a cold machine.
        while (deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (process.HasExited)
            {
                string text;
                lock (output) { text = output.ToString(); }
                throw new InvalidOperationException($"{kind} server on port {port} exited with code {process.ExitCode}: {text}");
            }

            if (await PingAsync(port, cancellationToken))
            {
                return server;
            }

            await Task.Delay(100, cancellationToken);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"{kind} server on port {port} did not answer PING within 120 s.");
    }

    /// <summary>True when something already answers PING on <paramref name="port"/> (a server left by an earlier run).</summary>
    public static Task<bool> IsAnsweringAsync(int port) => PingAsync(port, CancellationToken.None);

    /// <summary>Starts the same server again on the same port and data folder (used to test restarts).</summary>
    public Task<LocalRedisServer> RestartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(Kind, Port, DataDirectory, cancellationToken);

    /// <summary>Stops the server the way an operator would: Redis's SHUTDOWN flushes its append-only file; Garnet has
    /// no SHUTDOWN, so its append-only file is committed (COMMITAOF) before the process is stopped.</summary>
    public async Task StopGracefullyAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Kind == LocalServerKind.Garnet ? "*1\r\n$9\r\nCOMMITAOF\r\n"u8.ToArray() : "*1\r\n$8\r\nSHUTDOWN\r\n"u8.ToArray());
            await stream.FlushAsync();
            if (Kind == LocalServerKind.Garnet)
            {
                var reply = new byte[64];
                await stream.ReadAsync(reply).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or TimeoutException)
        {
            // Already gone, or not answering: the process is stopped below.
        }

        if (Kind == LocalServerKind.Garnet || !_process.WaitForExit(10_000))
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static ProcessStartInfo RedisStartInfo(int port, string dataDirectory)
    {
        var info = new ProcessStartInfo(FindOnPath("redis-server") ?? "redis-server");
        foreach (var arg in new[]
        {
            "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--dir", dataDirectory, "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
            "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning",
        })
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static ProcessStartInfo GarnetStartInfo(int port, string dataDirectory)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            // The tool manifest lives at the repository root.
            WorkingDirectory = FindRepositoryRoot(AppContext.BaseDirectory) ?? FindRepositoryRoot(Environment.CurrentDirectory) ?? Environment.CurrentDirectory,
        };
        foreach (var arg in new[]
        {
            "tool", "run", "garnet-server", "--", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1", "--lua", "true", "--lua-transaction-mode", "true", "-m", "256m", "--index", "16m", "--checkpointdir", dataDirectory,
            "--aof", "--recover", "--device-type", "RandomAccess",
        })
        {
            info.ArgumentList.Add(arg);
        }

        return info;
    }

    private static async Task<bool> PingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(1000);
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), timeout.Token);
            var buffer = new byte[64];
            var read = await stream.ReadAsync(buffer, timeout.Token);
            return read > 0 && buffer[0] == (byte)'+';
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException or IOException)
        {
            return false;
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
