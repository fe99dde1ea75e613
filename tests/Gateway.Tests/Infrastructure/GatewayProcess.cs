using System.Diagnostics;

namespace Gateway.Tests.Infrastructure;

/// <summary>The gateway as a separate OS process, so a test can kill it hard (SIGKILL), as a crash would.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process) => _process = process;

    public static GatewayProcess Start(IDictionary<string, string?> settings)
    {
        var gatewayDll = typeof(Program).Assembly.Location;
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(gatewayDll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(gatewayDll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{Gateway.Storage.LocalRedisServer.FreePort()}");
        foreach (var (key, value) in settings)
        {
            info.Environment[key.Replace(":", "__")] = value;
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GatewayProcess(process);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>Kills the process at once: no graceful shutdown, no lease released.</summary>
    public void Crash()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Crash();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
