using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Console;
using Gateway.Tests.Deploy;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Tools;

/// <summary><c>tools/Listen</c> as a newcomer runs it, as its own process against a real gateway on 127.0.0.1.</summary>
[Collection(RedisCollection.Name)]
public sealed class ListenToolTests(RedisFixture store) : IAsyncLifetime
{
    private ConsoleHost _host = null!;

    public Task InitializeAsync()
    {
        _host = ConsoleHost.Start(store);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Listen_RegistersEndpoint_PrintsVerifiedDeliveryWithHeadersAndBody_DeletesEndpointOnSigterm()
    {
        var tenant = await _host.CreateTenantAsync("listener");
        using var tool = ListenProcess.Start("--gateway", _host.BaseUrl, "--key", tenant.ApiKey, "--types", "order.*");

        var registered = await tool.WaitForLineAsync(l => l.StartsWith("registered endpoint ", StringComparison.Ordinal));
        var endpointId = registered.Split(' ')[2];
        var endpoints = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints");
        var endpoint = Assert.Single(endpoints.GetProperty("data").EnumerateArray());
        Assert.Equal(endpointId, endpoint.GetProperty("id").GetString());
        Assert.StartsWith("http://127.0.0.1:", endpoint.GetProperty("url").GetString());

        var order = Events.Order(orderId: "ORD-LISTEN-1");
        var accepted = await tenant.Http.PostAsJsonAsync("/v1/events", order);
        Assert.True(accepted.IsSuccessStatusCode);

        await tool.WaitForLineAsync(l => l.Contains("signature verified ✓", StringComparison.Ordinal));
        await tool.WaitForLineAsync(l => l.StartsWith("webhook-signature: v1,", StringComparison.OrdinalIgnoreCase));
        await tool.WaitForLineAsync(l => l.Contains("\"objectId\": \"ORD-LISTEN-1\"", StringComparison.Ordinal));
        Assert.DoesNotContain(tool.Output, l => l.Contains("INVALID", StringComparison.Ordinal));

        tool.Terminate();
        await tool.WaitForLineAsync(l => l == $"deleted endpoint {endpointId}");
        Assert.True(tool.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, tool.ExitCode);
        Assert.Empty((await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints")).GetProperty("data").EnumerateArray());
    }

    [Fact]
    public async Task Listen_SchemeV1a_RegistersAnEd25519Endpoint_AndVerifiesItsV1aSignature()
    {
        var tenant = await _host.CreateTenantAsync("listener-v1a");
        using var tool = ListenProcess.Start("--gateway", _host.BaseUrl, "--key", tenant.ApiKey, "--types", "order.*", "--scheme", "v1a");

        await tool.WaitForLineAsync(l => l.StartsWith("registered endpoint ", StringComparison.Ordinal));
        var endpoint = Assert.Single((await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/endpoints")).GetProperty("data").EnumerateArray());
        Assert.Equal("v1a", endpoint.GetProperty("signatureScheme").GetString());
        Assert.True((await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order(orderId: "ORD-LISTEN-V1A"))).IsSuccessStatusCode);

        await tool.WaitForLineAsync(l => l.Contains("signature verified ✓", StringComparison.Ordinal));
        await tool.WaitForLineAsync(l => l.StartsWith("webhook-signature: v1a,", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(tool.Output, l => l.Contains("INVALID", StringComparison.Ordinal));
        tool.Terminate();
        Assert.True(tool.WaitForExit(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Listen_GatewayRefusingLoopback_ExitsWithTheSettingsToTurnOn()
    {
        await using var strict = ConsoleHost.Start(store, new Dictionary<string, string?> { ["Security:AllowPrivateNetworks"] = "false" });
        var tenant = await strict.CreateTenantAsync("strict");
        using var tool = ListenProcess.Start("--gateway", strict.BaseUrl, "--key", tenant.ApiKey);

        await tool.WaitForLineAsync(l => l.Contains("Security__AllowPrivateNetworks=true Security__AllowHttp=true", StringComparison.Ordinal));
        Assert.True(tool.WaitForExit(TimeSpan.FromSeconds(10)));
        Assert.Equal(1, tool.ExitCode);
    }

    private sealed class ListenProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        private ListenProcess(Process process)
        {
            _process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { _lines.Enqueue(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public IReadOnlyCollection<string> Output => _lines;

        public int ExitCode => _process.ExitCode;

        public static ListenProcess Start(params string[] args)
        {
            // The same configuration as the tests (bin/<Configuration>/net10.0), built first through the project reference.
            var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
            var dll = Repository.PathOf($"tools/Listen/bin/{configuration}/net10.0/Listen.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing");
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(dll);
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg);
            }

            info.Environment.Remove("GATEWAY_API_KEY");
            return new ListenProcess(Process.Start(info)!);
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (DateTime.UtcNow < deadline)
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                await Task.Delay(50);
            }

            Assert.Fail("The listen tool did not print the expected line; it printed:\n" + string.Join("\n", _lines));
            return "";
        }

        /// <summary>SIGTERM, as Ctrl+C or a service manager would stop it.</summary>
        public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

        public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            _process.Dispose();
        }
    }
}
