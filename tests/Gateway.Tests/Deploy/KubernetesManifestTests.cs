using Gateway.Tests.Schemas;

namespace Gateway.Tests.Deploy;

/// <summary>deploy/kubernetes/: the manifests parse, and what they say holds together.</summary>
public sealed class KubernetesManifestTests
{
    private static readonly List<Dictionary<string, object?>> s_all =
        [.. Directory.GetFiles(Repository.PathOf("deploy/kubernetes"), "*.yaml").Order().SelectMany(f => Repository.YamlDocuments(Path.GetRelativePath(Repository.Root, f)))];

    private static Dictionary<string, object?> Resource(string kind, string name) =>
        Assert.Single(s_all, d => d.Text("kind") == kind && d.Map("metadata").Text("name") == name);

    private static Dictionary<string, object?> Container(string deployment) =>
        (Dictionary<string, object?>)Assert.Single(Resource("Deployment", deployment).Map("spec").Map("template").Map("spec").List("containers"))!;

    private static Dictionary<string, string> Env(Dictionary<string, object?> container) =>
        container.List("env").Cast<Dictionary<string, object?>>().Where(e => e.ContainsKey("value")).ToDictionary(e => e.Text("name"), e => e.Text("value"));

    [Fact]
    public void Manifests_Parse_WithTheThreeDeploymentsTheirServicesAndTheWorkerAutoscaler()
    {
        Assert.Equal(["api", "edge", "worker"], s_all.Where(d => d.Text("kind") == "Deployment").Select(d => d.Map("metadata").Text("name")).Order());
        Assert.Equal(["api", "edge"], s_all.Where(d => d.Text("kind") == "Service").Select(d => d.Map("metadata").Text("name")).Order());
        Assert.Single(s_all, d => d.Text("kind") == "HorizontalPodAutoscaler");
    }

    [Theory]
    [InlineData("api", "api", "/readyz")]
    [InlineData("worker", "worker", "/readyz")]
    [InlineData("edge", null, "/edge/healthz")]
    public void Deployment_HasProbesAndResourceRequests_AndItsRole(string name, string? role, string readiness)
    {
        var container = Container(name);

        Assert.Equal(readiness, container.Map("readinessProbe").Map("httpGet").Text("path"));
        Assert.StartsWith("/", container.Map("livenessProbe").Map("httpGet").Text("path"));
        var requests = container.Map("resources").Map("requests");
        Assert.False(string.IsNullOrEmpty(requests.Text("cpu")));
        Assert.False(string.IsNullOrEmpty(requests.Text("memory")));
        if (role is not null)
        {
            Assert.Equal(role, Env(container)["Gateway__Roles"]);
            Assert.Equal("/healthz", container.Map("livenessProbe").Map("httpGet").Text("path"));
        }

        var deployment = Resource("Deployment", name).Map("spec");
        Assert.Equal(deployment.Map("selector").Map("matchLabels").Text("app.kubernetes.io/name"),
            deployment.Map("template").Map("metadata").Map("labels").Text("app.kubernetes.io/name"));
    }

    [Fact]
    public void Config_SetsThePublicUrlForLinks_AndTheTrustedProxyNetwork()
    {
        var data = Resource("ConfigMap", "gateway-config").Map("data");

        Assert.StartsWith("https://", data.Text("Console__PublicUrl"));
        Assert.True(System.Net.IPNetwork.TryParse(data.Text("ForwardedHeaders__KnownNetworks__0"), out _));
        Assert.Contains(Container("api").List("envFrom").Cast<Dictionary<string, object?>>(), e => e.ContainsKey("configMapRef") && e.Map("configMapRef").Text("name") == "gateway-config");
    }

    [Fact]
    public void WorkerAutoscaler_ScalesTheWorkerDeployment()
    {
        var spec = Resource("HorizontalPodAutoscaler", "worker").Map("spec");

        Assert.Equal(("Deployment", "worker"), (spec.Map("scaleTargetRef").Text("kind"), spec.Map("scaleTargetRef").Text("name")));
        Assert.True(int.Parse(spec.Text("minReplicas"), System.Globalization.CultureInfo.InvariantCulture) >= 2);
        Assert.True(int.Parse(spec.Text("maxReplicas"), System.Globalization.CultureInfo.InvariantCulture) > int.Parse(spec.Text("minReplicas"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Services_SelectTheirDeployments_AndTheEdgeRoutesToTheApiService()
    {
        foreach (var name in new[] { "api", "edge" })
        {
            Assert.Equal(name, Resource("Service", name).Map("spec").Map("selector").Text("app.kubernetes.io/name"));
        }

        var apiPort = ((Dictionary<string, object?>)Resource("Service", "api").Map("spec").List("ports")[0]!).Text("port");
        Assert.Equal($"http://api:{apiPort}", Env(Container("edge"))["Edge__Destinations__0"]);
    }

    [Fact]
    public void GatewayProcesses_ReadTheConfigMapAndSecretThatExist()
    {
        var config = Resource("ConfigMap", "gateway-config").Map("data");
        Assert.Contains("Redis__Configuration", config.Keys);
        Assert.Contains("Gateway__AdminApiKey", Resource("Secret", "gateway-secrets").Map("stringData").Keys);
        // The encryption key comes from the secret only; its placeholder is not a key, so pods stay unready until it is set.
        var placeholder = Resource("Secret", "gateway-secrets").Map("stringData").Text("Encryption__Key");
        Assert.Null(Gateway.Delivery.Secrets.EncryptionKey.TryParse(placeholder, out _));
        Assert.DoesNotContain("Encryption__Key", config.Keys);
        foreach (var name in new[] { "api", "worker" })
        {
            var sources = Container(name).List("envFrom").Cast<Dictionary<string, object?>>().ToList();
            Assert.Contains(sources, s => s.ContainsKey("configMapRef") && s.Map("configMapRef").Text("name") == "gateway-config");
            Assert.Contains(sources, s => s.ContainsKey("secretRef") && s.Map("secretRef").Text("name") == "gateway-secrets");
        }

        Assert.True(File.Exists(Repository.PathOf("deploy/kubernetes/README.md")));
        Assert.Contains("Redis Cluster", Repository.Read("deploy/kubernetes/README.md"));
    }
}
