using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Metrics;

public sealed class PromtoolTests
{
    [Fact]
    public async Task CheckMetrics_EveryInstrumentRecorded_PassesWithoutWarnings()
    {
        var promtool = ExternalTool.Find("promtool", "prometheus");
        using var harness = new MetricsHarness(perEndpointLabels: true);
        harness.RecordEveryInstrument();
        harness.Metrics.EventIngested("tricky \"tenant\"\\\n", "invalid");
        var text = await harness.ScrapeAsync();

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["check", "metrics"], stdin: text);

        Assert.True(exitCode == 0 && stdout.Trim().Length == 0 && stderr.Trim().Length == 0, $"promtool exit {exitCode}\nstdout: {stdout}\nstderr: {stderr}\n--- exposition ---\n{text}");
    }

    [Fact]
    public async Task CheckMetrics_CounterWithoutTotal_IsReported()
    {
        // Proves the check above can fail: promtool flags what it should.
        var promtool = ExternalTool.Find("promtool", "prometheus");

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["check", "metrics"], stdin: "# HELP foo x\n# TYPE foo counter\nfoo 1\n");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("_total", stdout + stderr);
    }
}
