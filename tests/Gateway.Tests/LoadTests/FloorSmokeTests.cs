using System.Diagnostics;
using System.Text.Json;

namespace Gateway.Tests.LoadTests;

/// <summary>
/// The load driver's floor scenario end to end, for two seconds: it starts the floor app, drives it and prints its
/// JSON line. A check that the tool works, not a performance assertion: any positive rate passes.
/// </summary>
public sealed class FloorSmokeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task FloorScenario_TwoSeconds_PrintsAPositiveRateAndCpuPerEvent()
    {
        var (driver, floor) = Builds();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { driver, "--scenario", "floor", "--duration", "2", "--warmup", "0", "--connections", "2", "--floor-dll", floor })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The driver did not finish within {Bound.TotalSeconds} s: {await stderr}");
        }

        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        var line = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        using var report = JsonDocument.Parse(line);
        var root = report.RootElement;
        Assert.Equal("floor", root.GetProperty("scenario").GetString());
        Assert.True(root.GetProperty("acceptedPerSec").GetDouble() > 0, line);
        Assert.Equal(0, root.GetProperty("ingestErrors").GetInt64());
        Assert.True(root.TryGetProperty("gatewayCpuMsPerEvent", out _), line);
    }

    // The driver and the floor app of this build's configuration (the tests reference the driver, so it is built).
    private static (string Driver, string Floor) Builds()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (!File.Exists(Path.Combine(root.FullName, "Gateway.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException($"No Gateway.sln above {AppContext.BaseDirectory}.");
        }

        string Dll(string project) => Path.Combine(root.FullName, "loadtests", project, "bin", configuration, framework, project + ".dll");
        return (Dll("LoadDriver"), Dll("Floor"));
    }
}
