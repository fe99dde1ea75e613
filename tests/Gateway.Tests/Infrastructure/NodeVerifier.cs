using System.Diagnostics;
using System.Text.Json;
using Gateway.LocalStore;

namespace Gateway.Tests.Infrastructure;

/// <summary>Runs a verifier script of <c>tests/js</c> (Node, independent of the gateway's code) over captured deliveries.</summary>
public static class NodeVerifier
{
    /// <summary>Runs <paramref name="script"/> on <paramref name="deliveries"/> and asserts that it verified all of them.</summary>
    public static async Task AssertAllVerifyAsync(string script, IReadOnlyCollection<object> deliveries)
    {
        var root = LocalRedisServer.FindRepositoryRoot(AppContext.BaseDirectory)!;
        var path = Path.Combine(root, "tests", "js", script);
        Assert.True(Directory.Exists(Path.Combine(root, "tests", "js", "node_modules", "standardwebhooks")),
            "tests/js/node_modules is missing: run the README test command (it runs npm ci in tests/js).");
        var input = Path.GetTempFileName();
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(deliveries));
        try
        {
            var info = new ProcessStartInfo("node", [path, input]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var node = Process.Start(info)!;
            var output = await node.StandardOutput.ReadToEndAsync() + await node.StandardError.ReadToEndAsync();
            await node.WaitForExitAsync();
            Assert.True(node.ExitCode == 0, output);
            Assert.Contains($"verified {deliveries.Count} of {deliveries.Count}", output);
        }
        finally
        {
            File.Delete(input);
        }
    }
}
