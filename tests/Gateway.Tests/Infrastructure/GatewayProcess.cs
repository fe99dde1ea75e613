using System.Diagnostics;
using System.Net.Http.Json;

namespace Gateway.Tests.Infrastructure;

/// <summary>The gateway as a separate OS process, so a test can kill it hard (SIGKILL), as a crash would.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;

    private GatewayProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>Where the process listens (real Kestrel on 127.0.0.1).</summary>
    public string BaseUrl { get; }

    /// <summary>Starts the process; its address comes from <c>--urls</c>, or from <c>ASPNETCORE_URLS</c> with <paramref name="urlsInEnvironment"/>.</summary>
    public static GatewayProcess Start(IDictionary<string, string?> settings, bool urlsInEnvironment = false)
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
        var baseUrl = $"http://127.0.0.1:{Gateway.LocalStore.LocalRedisServer.FreePort()}";
        if (urlsInEnvironment)
        {
            info.Environment["ASPNETCORE_URLS"] = baseUrl;
        }
        else
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add(baseUrl);
        }

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
        return new GatewayProcess(process, baseUrl);
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the gateway (API and workers) against a test store under its own key prefix, with the test network
    /// settings (private, plain http), and waits until it is ready.
    /// </summary>
    public static async Task<GatewayProcess> StartReadyAsync(StoreFixture store, IDictionary<string, string?>? settings = null, TimeSpan? readyWithin = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = store.Configuration,
            ["Redis:KeyPrefix"] = "t" + Guid.NewGuid().ToString("N")[..10],
            ["Gateway:AdminApiKey"] = GatewayFactory.AdminKey,
            ["Encryption:Key"] = GatewayFactory.EncryptionKey,
            ["Gateway:Roles"] = "api,worker",
            ["Security:AllowPrivateNetworks"] = "true",
            ["Security:AllowHttp"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var gateway = Start(all);
        try
        {
            await gateway.WaitReadyAsync(readyWithin ?? TimeSpan.FromSeconds(60));
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a tenant through the admin API and returns a client of this process that holds its key.</summary>
    public async Task<HttpClient> CreateTenantClientAsync(string name)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", GatewayFactory.AdminKey);
        using var created = await http.PostAsJsonAsync("/admin/tenants", new { name });
        var tenant = await created.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tenant.GetProperty("apiKey").GetString());
        return http;
    }

    /// <summary>Waits until <c>/readyz</c> answers 200.</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, $"the gateway process exited with code {(_process.HasExited ? _process.ExitCode : 0)}");
            try
            {
                if ((await client.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        Assert.Fail($"the gateway at {BaseUrl} was not ready within {timeout}");
    }

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
