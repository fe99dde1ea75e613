using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Deploy;

public sealed class PrometheusConfigTests
{
    [Fact]
    public void Config_ScrapesEveryGatewayProcessEveryFiveSeconds()
    {
        var config = Repository.Yaml("deploy/prometheus/prometheus.yml");

        Assert.Equal("5s", config.Map("global").Text("scrape_interval"));
        var job = (Dictionary<string, object?>)Assert.Single(config.List("scrape_configs"))!;
        Assert.Equal("gateway", job.Text("job_name"));
        var targets = ((Dictionary<string, object?>)Assert.Single(job.List("static_configs"))!).List("targets");
        Assert.Equal(["api-1:8080", "api-2:8080", "worker-1:8080", "worker-2:8080"], targets);
    }

    [Fact]
    public async Task Config_PassesPromtoolCheckConfig()
    {
        var promtool = ExternalTool.Find("promtool", "prometheus");

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["check", "config", Repository.PathOf("deploy/prometheus/prometheus.yml")]);

        Assert.True(exitCode == 0, $"promtool exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("SUCCESS", stdout);
    }
}
