using System.Net.Http.Json;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Metrics;

/// <summary>
/// The real gateway (its own process, real Kestrel) after real traffic: promtool accepts its <c>/metrics</c> with no
/// warning, and a real Prometheus scraping it every second sees the delivery counter grow.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class GatewayScrapeTests(RedisFixture store, ITestOutputHelper output)
{
    [Fact]
    public async Task RealGateway_AfterDeliveries_PassesPromtool_AndPrometheusSeesDeliveriesGrow()
    {
        await using var receiver = await Receiver.StartAsync();
        await using var gateway = await GatewayProcess.StartReadyAsync(store);
        using var http = await gateway.CreateTenantClientAsync("scraped");
        Assert.True((await http.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/scraped"), eventTypes = new[] { "*" } })).IsSuccessStatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await http.PostAsJsonAsync("/v1/events", Events.Order())).IsSuccessStatusCode);
        }

        await receiver.WaitForAsync(r => r.Count == 5);
        var exposition = await http.GetStringAsync("/metrics");
        var promtool = await ExternalTool.RunAsync(ExternalTool.Find("promtool", "prometheus"), ["check", "metrics"], stdin: exposition);
        Assert.True(promtool.ExitCode == 0 && promtool.Stdout.Trim().Length == 0 && promtool.Stderr.Trim().Length == 0,
            $"promtool: exit {promtool.ExitCode}\n{promtool.Stdout}\n{promtool.Stderr}");
        Assert.Contains("gateway_events_ingested_total{", exposition);
        Assert.Contains("gateway_end_to_end_latency_seconds_bucket{", exposition);

        await using var prometheus = await PrometheusServer.StartAsync(new Uri(gateway.BaseUrl).Authority);
        const string query = "sum(gateway_delivery_attempts_total{outcome=\"success\"})";
        try
        {
            Assert.Equal(5, await prometheus.WaitForAsync(query, v => v >= 5, TimeSpan.FromSeconds(30)));
            for (var i = 0; i < 3; i++)
            {
                Assert.True((await http.PostAsJsonAsync("/v1/events", Events.Order())).IsSuccessStatusCode);
            }

            Assert.Equal(8, await prometheus.WaitForAsync(query, v => v >= 8, TimeSpan.FromSeconds(30)));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            output.WriteLine(prometheus.Log);
            throw;
        }
    }
}
