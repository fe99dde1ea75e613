using System.ComponentModel;
using System.Diagnostics;

namespace Gateway.Tests.LoadTests;

/// <summary>
/// k6 is not installable here, so the suites are checked with Node: <c>node --check</c> on an <c>.mjs</c> copy parses
/// the module (imports such as <c>k6/http</c> are not resolved by <c>--check</c>) and fails on any syntax error.
/// </summary>
public sealed class K6ScriptsTests
{
    public static TheoryData<string> Scripts => new() { "constant-rate.js", "ramp-spike.js", "soak.js", "fanout.js", "lib.js", "receiver.mjs" };

    public static TheoryData<string> Suites => new() { "constant-rate.js", "ramp-spike.js", "soak.js", "fanout.js" };

    private static string K6Folder => Path.Combine(
        Gateway.LocalStore.LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("Gateway.sln not found above the test output."),
        "loadtests",
        "k6");

    [Theory]
    [MemberData(nameof(Scripts))]
    public async Task Script_NodeCheck_Parses(string script)
    {
        var (exitCode, output) = await NodeCheckAsync(File.ReadAllText(Path.Combine(K6Folder, script)));

        Assert.True(exitCode == 0, $"node --check rejected loadtests/k6/{script}:{Environment.NewLine}{output}");
    }

    [Fact]
    public async Task NodeCheck_BrokenModuleWithK6Import_Fails()
    {
        // Guards the check itself: it must not pass everything (say, if k6 imports were silently skipped).
        var (exitCode, output) = await NodeCheckAsync("import http from 'k6/http';\nexport default function ( {\n");

        Assert.True(exitCode != 0, $"node --check accepted a broken module: {output}");
    }

    [Theory]
    [MemberData(nameof(Suites))]
    public void Suite_UsesSharedSetupAndIngestThresholds(string script)
    {
        var text = File.ReadAllText(Path.Combine(K6Folder, script));

        Assert.Contains("from './lib.js'", text, StringComparison.Ordinal);
        Assert.Contains("thresholds:", text, StringComparison.Ordinal);
        Assert.Contains("ingestThresholds(", text, StringComparison.Ordinal);
        Assert.Contains("export function setup()", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Lib_ThresholdsCoverIngestLatencyAndErrorRate()
    {
        var text = File.ReadAllText(Path.Combine(K6Folder, "lib.js"));

        Assert.Contains("'http_req_duration{name:ingest}': [`p(99)<", text, StringComparison.Ordinal);
        Assert.Contains("'http_req_failed{name:ingest}'", text, StringComparison.Ordinal);
        Assert.Contains("tags: { name: 'ingest' }", text, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output)> NodeCheckAsync(string source)
    {
        var folder = Directory.CreateTempSubdirectory("k6-check-");
        try
        {
            var copy = Path.Combine(folder.FullName, "script.mjs");
            await File.WriteAllTextAsync(copy, source);
            var startInfo = new ProcessStartInfo("node", ["--check", copy])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };

            Process process;
            try
            {
                process = Process.Start(startInfo)!;
            }
            catch (Win32Exception ex)
            {
                throw new InvalidOperationException("Node.js is needed to check the k6 scripts and 'node' is not on PATH (apt-get install nodejs).", ex);
            }

            using (process)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
                var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
                await process.WaitForExitAsync(timeout.Token);
                return (process.ExitCode, await stdout + await stderr);
            }
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
