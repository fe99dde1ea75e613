using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Metrics;

namespace Gateway.Tests.Deploy;

public sealed partial class DashboardTests
{
    private const string DashboardPath = "deploy/grafana/dashboards/gateway.json";

    [Fact]
    public void Dashboard_IsValidJson_WithTheOperatorsPanels()
    {
        using var dashboard = JsonDocument.Parse(Repository.Read(DashboardPath));
        var titles = Panels(dashboard.RootElement).Select(p => p.GetProperty("title").GetString()!).ToArray();

        Assert.Equal("webhook-gateway", dashboard.RootElement.GetProperty("uid").GetString());
        foreach (var expected in new[]
        {
            "Ingest rate by result", "Delivery rate by outcome", "Attempt latency p50 / p95 / p99", "End-to-end latency (ingested → 2xx)",
            "Queue depth by state", "Dead letters", "Dead-letter queue size", "Circuit breakers", "Ingest rate by tenant",
            "Delivery success ratio by tenant", "Backlog by tenant",
        })
        {
            Assert.Contains(expected, titles);
        }
    }

    [Fact]
    public void Dashboard_QueriesUseTheProvisionedDatasource()
    {
        using var dashboard = JsonDocument.Parse(Repository.Read(DashboardPath));

        foreach (var target in Panels(dashboard.RootElement).SelectMany(Targets))
        {
            Assert.Equal("prometheus", target.GetProperty("datasource").GetProperty("uid").GetString());
        }
    }

    [Fact]
    public async Task Dashboard_EveryMetricItQueries_IsInTheExporterOutput()
    {
        using var harness = new MetricsHarness();
        harness.RecordEveryInstrument();
        var exposed = (await harness.ScrapeAsync()).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l[..l.IndexOfAny(['{', ' '])])
            .ToHashSet(StringComparer.Ordinal);

        var used = Expressions().SelectMany(e => MetricName().Matches(e).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(exposed));
        // Every family is on the dashboard somewhere, so a new instrument does not go unwatched.
        var unwatched = GatewayMetricsTests.ExpectedFamilies.Keys.Where(f => !used.Any(u => u.StartsWith(f, StringComparison.Ordinal))).ToArray();
        Assert.Empty(unwatched);
    }

    [Fact]
    public async Task Dashboard_EveryQueryIsValidPromQL()
    {
        var promtool = ExternalTool.Find("promtool", "prometheus");
        var expressions = Expressions().ToArray();
        var rules = "groups:\n  - name: dashboard\n    rules:\n" + string.Concat(expressions.Select((e, i) =>
            $"      - record: dashboard:query_{i}\n        expr: {JsonSerializer.Serialize(GrafanaVariables(e))}\n"));
        var file = Path.Combine(Path.GetTempPath(), $"dashboard-rules-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(file, rules);
        try
        {
            var (exitCode, stdout, stderr) = await ExternalTool.RunAsync(promtool, ["check", "rules", file]);

            Assert.True(exitCode == 0, $"promtool exit {exitCode}\n{stdout}\n{stderr}\n{rules}");
            Assert.Contains($"SUCCESS: {expressions.Length} rules found", stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>What Grafana substitutes before the query reaches Prometheus.</summary>
    private static string GrafanaVariables(string expression) =>
        expression.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$tenant", ".*", StringComparison.Ordinal);

    private static IEnumerable<string> Expressions()
    {
        using var dashboard = JsonDocument.Parse(Repository.Read(DashboardPath));
        var expressions = Panels(dashboard.RootElement).SelectMany(Targets).Select(t => t.GetProperty("expr").GetString()!).ToList();
        foreach (var variable in dashboard.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray())
        {
            var query = variable.GetProperty("query").GetProperty("query").GetString()!;
            // label_values(metric, label) is Grafana's, not PromQL: check its metric as a selector.
            expressions.Add(LabelValues().Match(query) is { Success: true } m ? m.Groups[1].Value : query);
        }

        return expressions;
    }

    private static IEnumerable<JsonElement> Panels(JsonElement root) =>
        root.GetProperty("panels").EnumerateArray().SelectMany(p =>
            p.TryGetProperty("panels", out var nested) ? nested.EnumerateArray().Prepend(p) : [p])
        .Where(p => p.GetProperty("type").GetString() != "row")
        .ToArray();

    private static IEnumerable<JsonElement> Targets(JsonElement panel) =>
        panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray().ToArray() : [];

    [GeneratedRegex(@"\b(?:gateway|process|dotnet)_[a-zA-Z0-9_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^label_values\(\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*,")]
    private static partial Regex LabelValues();
}
