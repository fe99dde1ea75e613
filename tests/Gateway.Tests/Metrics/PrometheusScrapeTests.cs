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
        await using var app = await MetricsApp.StartAsync();
        app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(20));
        await using var prometheus = await PrometheusServer.StartAsync(app.Address.Authority);
        const string query = "gateway_delivery_attempts_total{tenant=\"acme\",outcome=\"success\"}";

        try
        {
            Assert.Equal(1, await prometheus.WaitForAsync(query, v => v >= 1, s_deadline));

            app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(20));
            app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(20));

            Assert.Equal(3, await prometheus.WaitForAsync(query, v => v >= 3, s_deadline));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            output.WriteLine(prometheus.Log);
            throw;
        }
    }
}
