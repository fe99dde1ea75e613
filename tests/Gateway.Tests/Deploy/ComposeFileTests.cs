using Gateway.Tests.Schemas;

namespace Gateway.Tests.Deploy;

public sealed class ComposeFileTests
{
    private static readonly string[] s_apis = ["api-1", "api-2"];
    private static readonly string[] s_workers = ["worker-1", "worker-2"];

    private readonly Dictionary<string, object?> _compose = Repository.Yaml("docker-compose.yml");

    private Dictionary<string, object?> Service(string name) => _compose.Map("services").Map(name);

    [Fact]
    public void Compose_Parses_WithEdgeTwoApisTwoWorkersRedisPrometheusAndGrafana()
    {
        Assert.Equal(["api-1", "api-2", "edge", "grafana", "prometheus", "redis", "worker-1", "worker-2"], _compose.Map("services").Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("api-1", "api")]
    [InlineData("api-2", "api")]
    [InlineData("worker-1", "worker")]
    [InlineData("worker-2", "worker")]
    public void GatewayProcess_BuildsTheRootDockerfile_WithItsRole_AgainstRedisWithAnAdminKeyAndHealthcheck(string name, string role)
    {
        var gateway = Service(name);

        Assert.Equal(".", gateway.Text("build"));
        Assert.True(File.Exists(Repository.PathOf("Dockerfile")));
        var environment = gateway.Map("environment");
        Assert.Equal(role, environment.Text("Gateway__Roles"));
        Assert.Equal("redis:6379", environment.Text("Redis__Configuration"));
        Assert.Equal("http://0.0.0.0:8080", environment.Text("Urls"));
        Assert.Matches(@"^\$\{GATEWAY_ADMIN_API_KEY:-.+\}$", environment.Text("Gateway__AdminApiKey"));
        Assert.Equal(["CMD", "/app/healthcheck.sh"], gateway.Map("healthcheck").List("test"));
        Assert.Equal("service_healthy", gateway.Map("depends_on").Map("redis").Text("condition"));
        Assert.DoesNotContain("ports", gateway.Keys); // only the edge is published
    }

    [Theory]
    [InlineData("api-1")]
    [InlineData("api-2")]
    public void ApiProcess_BuildsLinksFromThePublicUrl_AndBelievesForwardedHeadersOnlyFromTheComposeNetwork(string name)
    {
        var environment = Service(name).Map("environment");
        var network = System.Net.IPNetwork.Parse(environment.Text("ForwardedHeaders__KnownNetworks__0"));

        Assert.Matches(@"^\$\{GATEWAY_PUBLIC_URL:-https?://[^}]+\}$", environment.Text("Console__PublicUrl"));
        var subnet = Assert.Single(Repository.Yaml("docker-compose.yml").Map("networks").Map("default").Map("ipam").List("config").Cast<Dictionary<string, object?>>());
        Assert.Equal(System.Net.IPNetwork.Parse(subnet.Text("subnet")), network);
        Assert.True(network.PrefixLength >= 16, "trust the compose network, not a wider range");
    }

    [Theory]
    [InlineData("api-1")]
    [InlineData("api-2")]
    [InlineData("worker-1")]
    [InlineData("worker-2")]
    public void GatewayProcess_ReadsTheEncryptionKeyFromAComposeSecret_NeverFromTheFile(string name)
    {
        var gateway = Service(name);

        Assert.Equal(["gateway_encryption_key"], gateway.List("secrets").Cast<string>());
        Assert.Equal("/run/secrets/gateway_encryption_key", gateway.Map("environment").Text("Encryption__KeyFile"));
        Assert.DoesNotContain("Encryption__Key", gateway.Map("environment").Keys);
        Assert.Equal("GATEWAY_ENCRYPTION_KEY", _compose.Map("secrets").Map("gateway_encryption_key").Text("environment"));
    }

    [Fact]
    public void Edge_BuildsItsDockerfile_RoutesToEveryApiProcess_WithTheGatewaysEventLimit()
    {
        var edge = Service("edge");

        var build = edge.Map("build");
        Assert.Equal(".", build.Text("context"));
        Assert.True(File.Exists(Repository.PathOf(build.Text("dockerfile"))));
        var environment = edge.Map("environment");
        var destinations = environment.Where(e => e.Key.StartsWith("Edge__Destinations__", StringComparison.Ordinal)).Select(e => (string)e.Value!).Order().ToList();
        Assert.Equal(s_apis.Select(a => $"http://{a}:8080"), destinations);
        Assert.All(s_apis, a => Assert.Equal(Service(a).Map("environment").Text("Gateway__MaxEventBytes"), environment.Text("Edge__MaxEventBytes")));
        Assert.Equal(["8080:8080"], edge.List("ports"));
        Assert.Equal(["CMD", "/app/healthcheck.sh"], edge.Map("healthcheck").List("test"));
    }

    [Fact]
    public void Prometheus_ScrapesEveryGatewayProcess()
    {
        var job = (Dictionary<string, object?>)Repository.Yaml("deploy/prometheus/prometheus.yml").List("scrape_configs")[0]!;
        var targets = ((Dictionary<string, object?>)job.List("static_configs")[0]!).List("targets").Cast<string>().Order();

        Assert.Equal(s_apis.Concat(s_workers).Select(s => s + ":8080").Order(), targets);
    }

    [Fact]
    public void Redis_IsVersion7_WithAppendOnlyFileOnAVolume()
    {
        var redis = Service("redis");

        Assert.StartsWith("redis:7", redis.Text("image"));
        var command = string.Join(' ', redis.List("command"));
        Assert.Contains("--appendonly yes", command);
        Assert.Contains("--appendfsync everysec", command);
        var volume = Assert.IsType<string>(Assert.Single(redis.List("volumes")));
        Assert.EndsWith(":/data", volume);
        Assert.Contains(volume.Split(':')[0], _compose.Map("volumes").Keys);
    }

    [Fact]
    public void Prometheus_MountsDeployPrometheus()
    {
        var prometheus = Service("prometheus");

        Assert.StartsWith("prom/prometheus", prometheus.Text("image"));
        Assert.Contains("./deploy/prometheus:/etc/prometheus:ro", prometheus.List("volumes"));
        Assert.Contains("--config.file=/etc/prometheus/prometheus.yml", prometheus.List("command"));
    }

    [Fact]
    public void Grafana_MountsProvisioningAndDashboards_WithAnonymousViewers()
    {
        var grafana = Service("grafana");

        Assert.StartsWith("grafana/grafana", grafana.Text("image"));
        var environment = grafana.Map("environment");
        Assert.Equal("true", environment.Text("GF_AUTH_ANONYMOUS_ENABLED"));
        Assert.Equal("Viewer", environment.Text("GF_AUTH_ANONYMOUS_ORG_ROLE"));
        var volumes = grafana.List("volumes").Cast<string>().ToList();
        Assert.Contains("./deploy/grafana/provisioning:/etc/grafana/provisioning:ro", volumes);
        Assert.Contains("./deploy/grafana/dashboards:/etc/grafana/dashboards:ro", volumes);

        var providers = Repository.Yaml("deploy/grafana/provisioning/dashboards/dashboards.yml").List("providers");
        var path = ((Dictionary<string, object?>)providers[0]!).Map("options").Text("path");
        Assert.Equal("/etc/grafana/dashboards", path);
        Assert.EndsWith(path + "/gateway.json", environment.Text("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"));
    }

    [Fact]
    public void EveryBindMount_PointsAtAPathInTheRepository()
    {
        var named = _compose.Map("volumes").Keys.ToHashSet();
        foreach (var (name, service) in _compose.Map("services"))
        {
            var volumes = ((Dictionary<string, object?>)service!).GetValueOrDefault("volumes") as List<object?> ?? [];
            foreach (var volume in volumes.Cast<string>())
            {
                var source = volume.Split(':')[0];
                if (source.StartsWith("./", StringComparison.Ordinal))
                {
                    Assert.True(Path.Exists(Repository.PathOf(source[2..])), $"{name} mounts {source}, which does not exist.");
                }
                else
                {
                    Assert.True(named.Contains(source), $"{name} mounts the undeclared volume {source}.");
                }
            }
        }
    }

    [Fact]
    public void GrafanaDatasource_IsThePrometheusOfTheComposeFile()
    {
        var datasource = (Dictionary<string, object?>)Repository.Yaml("deploy/grafana/provisioning/datasources/prometheus.yml").List("datasources")[0]!;

        Assert.Equal("prometheus", datasource.Text("type"));
        Assert.Equal("prometheus", datasource.Text("uid"));
        Assert.Equal("http://prometheus:9090", datasource.Text("url"));
    }
}
