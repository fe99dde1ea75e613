using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace Gateway.Tests.Infrastructure;

/// <summary>The real gateway host against a real store, with its own key prefix so tests share one server.</summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789";

    /// <summary>The operator key endpoint secrets are encrypted with in tests (base64 of 32 bytes).</summary>
    public const string EncryptionKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private readonly string _redis;
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _time;
    private readonly Action<IServiceCollection>? _services;

    public GatewayFactory(StoreFixture store, IDictionary<string, string?>? settings = null, TimeProvider? time = null, Action<IServiceCollection>? services = null)
    {
        _redis = store.Configuration;
        _time = time;
        _services = services;
        KeyPrefix = settings?.TryGetValue("Redis:KeyPrefix", out var prefix) == true && prefix is not null
            ? prefix
            : "t" + Guid.NewGuid().ToString("N")[..10];
        _settings = new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = _redis,
            ["Redis:KeyPrefix"] = KeyPrefix,
            ["Gateway:AdminApiKey"] = AdminKey,
            ["Encryption:Key"] = EncryptionKey,
            ["Gateway:Roles"] = "api",
            ["Security:AllowPrivateNetworks"] = "true",
            ["Security:AllowHttp"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }
    }

    public string KeyPrefix { get; }

    /// <summary>Every log record the host wrote, at every level.</summary>
    public FakeLogCollector Logs => Services.GetFakeLogCollector();

    public RedisStore Store => Services.GetRequiredService<RedisStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.ClearProviders().AddFakeLogging().SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
        if (_time is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton(_time)));
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    public HttpClient AdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>Creates a tenant through the admin API and returns a client that holds its key.</summary>
    public async Task<TenantClient> CreateTenantAsync(string name = "shop")
    {
        var response = await AdminClient().PostAsJsonAsync("/admin/tenants", new { name });
        Assert.True(response.IsSuccessStatusCode, $"creating a tenant answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var client = CreateClient();
        var apiKey = body.GetProperty("apiKey").GetString()!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return new TenantClient(body.GetProperty("id").GetString()!, apiKey, client);
    }
}

public sealed record TenantClient(string Id, string ApiKey, HttpClient Http);
