namespace Gateway.Tests.Metrics;

public sealed class MetricsApiTests
{
    [Fact]
    public async Task GetMetrics_ServesTextFormatWithItsContentType()
    {
        await using var app = await MetricsApp.StartAsync();
        app.Metrics.EventIngested("acme", "accepted");
        using var client = new HttpClient { BaseAddress = app.Address };

        using var response = await client.GetAsync("/metrics");
        var body = await response.Content.ReadAsStringAsync();

        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("gateway_events_ingested_total{result=\"accepted\",tenant=\"acme\"} 1\n", body);
        Assert.Contains("process_working_set_bytes ", body);
    }

    [Fact]
    public async Task GetMetrics_CountsMadeBeforeTheFirstScrape_AreKept()
    {
        await using var app = await MetricsApp.StartAsync();
        app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(5));
        app.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(5));
        using var client = new HttpClient { BaseAddress = app.Address };

        var body = await client.GetStringAsync("/metrics");

        Assert.Contains("gateway_delivery_attempts_total{outcome=\"success\",tenant=\"acme\"} 2\n", body);
    }
}
