using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;
using Microsoft.AspNetCore.Http;
using Xunit.Abstractions;

namespace Gateway.Tests.Deploy;

/// <summary>
/// <c>deploy/prometheus/alerts.yml</c>: valid for promtool, each alert fires on its case (<c>alerts_test.yml</c>),
/// and every series it names is in the real gateway's <c>/metrics</c> after real deliveries and a dead letter.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed partial class AlertRulesTests(RedisFixture store, ITestOutputHelper output)
{
    private const string AlertsPath = "deploy/prometheus/alerts.yml";

    private static readonly string[] s_requiredAlerts =
    [
        "GatewayDeliveryFailureRateHigh", "GatewayOldestReadyMessageTooOld", "GatewayDeadLettersGrowing",
        "GatewayRedisUnreachable", "GatewayIngestion5xx", "GatewayOrderedGroupBlockedTooLong",
    ];

    [Fact]
    public async Task Alerts_PassPromtoolCheckRules()
    {
        var promtool = ExternalTool.Find("promtool", "prometheus");

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["check", "rules", Repository.PathOf(AlertsPath)]);

        Assert.True(exitCode == 0, $"promtool exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains($"SUCCESS: {Rules().Count} rules found", stdout);
        Assert.Equal(s_requiredAlerts.Order(StringComparer.Ordinal), Rules().Select(r => r.Text("alert")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Alerts_EachFiresOnItsCase_PromtoolTestRules()
    {
        var promtool = ExternalTool.Find("promtool", "prometheus");
        var tested = Repository.Yaml("deploy/prometheus/alerts_test.yml").List("tests")
            .SelectMany(t => ((Dictionary<string, object?>)t!).List("alert_rule_test"))
            .Select(t => ((Dictionary<string, object?>)t!).Text("alertname"))
            .ToHashSet(StringComparer.Ordinal);

        var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["test", "rules", Repository.PathOf("deploy/prometheus/alerts_test.yml")]);

        Assert.True(exitCode == 0, $"promtool exit {exitCode}\n{stdout}\n{stderr}");
        Assert.Contains("SUCCESS", stdout);
        Assert.Empty(s_requiredAlerts.Except(tested));
    }

    [Fact]
    public void PrometheusConfig_LoadsTheAlerts()
    {
        var config = Repository.Yaml("deploy/prometheus/prometheus.yml");

        Assert.Equal(["alerts.yml"], config.List("rule_files"));
    }

    [Fact]
    public async Task Alerts_EverySeriesTheyName_IsInTheRealGatewaysMetrics()
    {
        await using var receiver = await Receiver.StartAsync();
        receiver.Respond = (request, _) => Task.FromResult(request.Path == "/failing" ? Results.StatusCode(500) : Results.Ok());
        await using var gateway = await GatewayProcess.StartReadyAsync(store, new Dictionary<string, string?>
        {
            ["Delivery:RetrySchedule"] = "00:00:00.050",
        });
        using var http = await gateway.CreateTenantClientAsync("alerted");
        Assert.True((await http.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/ok"), eventTypes = new[] { "*" } })).IsSuccessStatusCode);
        Assert.True((await http.PostAsJsonAsync("/v1/endpoints", new { url = receiver.Url("/failing"), eventTypes = new[] { "*" } })).IsSuccessStatusCode);
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await http.PostAsJsonAsync("/v1/events", Events.Order())).IsSuccessStatusCode);
        }

        await receiver.WaitForAsync(r => r.Count(x => x.Path == "/ok") == 3 && r.Count(x => x.Path == "/failing") == 6);
        var used = Rules().SelectMany(r => MetricName().Matches(r.Text("expr")).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        Assert.NotEmpty(used);

        // The queue gauges appear with the workers' next queue sample (every 5 s), the dead letter after its settle.
        var missing = used.ToArray();
        var exposition = "";
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (missing.Length > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            exposition = await http.GetStringAsync("/metrics");
            var exposed = exposition.Split('\n')
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l[..l.IndexOfAny(['{', ' '])])
                .ToHashSet(StringComparer.Ordinal);
            missing = [.. used.Except(exposed)];
        }

        output.WriteLine(exposition);
        Assert.Empty(missing);
        Assert.Contains("gateway_dead_letters_total{tenant=", exposition);
    }

    private static List<Dictionary<string, object?>> Rules() =>
        [.. Repository.Yaml(AlertsPath).List("groups")
            .SelectMany(g => ((Dictionary<string, object?>)g!).List("rules"))
            .Cast<Dictionary<string, object?>>()];

    [GeneratedRegex(@"\b(?:gateway|process|dotnet)_[a-zA-Z0-9_]+")]
    private static partial Regex MetricName();
}
