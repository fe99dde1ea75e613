using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gateway.LocalStore;

namespace Gateway.Tests.Infrastructure;

/// <summary>A real Prometheus server on a free loopback port, scraping one target every second.</summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly System.Text.StringBuilder _log = new();

    private PrometheusServer(Process process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public HttpClient Client { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public static async Task<PrometheusServer> StartAsync(string targetAuthority)
    {
        var path = ExternalTool.Find("prometheus", "prometheus");
        var directory = Directory.CreateTempSubdirectory("gateway-prometheus-");
        var port = LocalRedisServer.FreePort();
        var config = Path.Combine(directory.FullName, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: gateway
                static_configs:
                  - targets: ["{targetAuthority}"]
            """);
        var process = Process.Start(new ProcessStartInfo(path)
        {
            ArgumentList =
            {
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory.FullName, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        var server = new PrometheusServer(process, directory, port);
        process.OutputDataReceived += (_, e) => { lock (server._log) { server._log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (server._log) { server._log.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    /// <summary>Polls an instant query until the sum of its series passes <paramref name="check"/>, or fails after <paramref name="timeout"/>.</summary>
    public async Task<double> WaitForAsync(string query, Func<double, bool> check, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        var last = "no answer yet";
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {_process.ExitCode}: {Log}");
            }

            try
            {
                last = await Client.GetStringAsync("/api/v1/query?query=" + Uri.EscapeDataString(query));
                using var json = JsonDocument.Parse(last);
                var results = json.RootElement.GetProperty("data").GetProperty("result");
                if (results.GetArrayLength() > 0)
                {
                    var sum = results.EnumerateArray().Sum(r => double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
                    if (check(sum))
                    {
                        return sum;
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prometheus did not report the expected value of '{query}' within {timeout}; last answer: {last}\n{Log}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _directory.Delete(recursive: true);
    }
}
