using System.Diagnostics;
using System.Text.Json;
using Gateway.Storage;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Metrics;

/// <summary>A real Prometheus server scrapes the exporter, as it will in production.</summary>
public sealed class PrometheusScrapeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan s_deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Prometheus_ScrapingTheExporter_SeesTheCounterIncrease()
    {
        var prometheusPath = ExternalTool.Find("prometheus", "prometheus");
        await using var app = await MetricsApp.StartAsync();
        app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(20));

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
                  - targets: ["{app.Address.Authority}"]
            """);

        using var prometheus = Process.Start(new ProcessStartInfo(prometheusPath)
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
        var log = new System.Text.StringBuilder();
        prometheus.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        prometheus.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();

        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var deadline = Stopwatch.StartNew();

            var first = await WaitForValueAsync(client, prometheus, deadline, v => v >= 1);
            Assert.Equal(1, first);

            app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(20));
            app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(20));
            var second = await WaitForValueAsync(client, prometheus, deadline, v => v >= 3);

            Assert.Equal(3, second);
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            lock (log)
            {
                output.WriteLine(log.ToString());
            }

            throw;
        }
        finally
        {
            if (!prometheus.HasExited)
            {
                prometheus.Kill(entireProcessTree: true);
                await prometheus.WaitForExitAsync();
            }

            directory.Delete(recursive: true);
        }
    }

    /// <summary>Polls the query API until the value of the success series passes the check, within the test's deadline.</summary>
    private static async Task<double> WaitForValueAsync(HttpClient client, Process prometheus, Stopwatch deadline, Func<double, bool> check)
    {
        var last = "no answer yet";
        while (deadline.Elapsed < s_deadline)
        {
            if (prometheus.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited with code {prometheus.ExitCode}.");
            }

            try
            {
                last = await client.GetStringAsync("/api/v1/query?query=gateway_delivery_attempts_total");
                using var json = JsonDocument.Parse(last);
                foreach (var series in json.RootElement.GetProperty("data").GetProperty("result").EnumerateArray())
                {
                    var labels = series.GetProperty("metric");
                    if (labels.GetProperty("tenant").GetString() == "acme" && labels.GetProperty("outcome").GetString() == "success")
                    {
                        var value = double.Parse(series.GetProperty("value")[1].GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                        if (check(value))
                        {
                            return value;
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Prometheus is still starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Prometheus did not report the expected value within {s_deadline}; last answer: {last}");
    }
}
