using System.Net;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Tests.Memory;

/// <summary>The start-up check of Redis's <c>maxmemory-policy</c>: an eviction policy makes <c>/readyz</c> say why it is not ready.</summary>
public sealed class MemoryPolicyTests
{
    [Fact]
    public async Task Readyz_RedisEvictsKeys_NotReadyWithTheReason_AndLogsAnError()
    {
        await using var redis = await ScratchRedis.StartAsync("policy");
        await redis.AdminServer.ConfigSetAsync("maxmemory-policy", "allkeys-lru");
        await using var gateway = new GatewayFactory(redis.Store, new Dictionary<string, string?> { ["Gateway:Roles"] = "api" });
        using var client = gateway.CreateClient();

        var (status, body) = await EventuallyAsync(client, s => s == HttpStatusCode.ServiceUnavailable);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("evicting", body.GetProperty("redis").GetString());
        Assert.Contains("allkeys-lru", body.GetProperty("reason").GetString());
        Assert.Contains(gateway.Logs.GetSnapshot(), r => r.Level == LogLevel.Error && r.Message.Contains("allkeys-lru", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Readyz_RedisNoEviction_Ready()
    {
        await using var redis = await ScratchRedis.StartAsync("policy");
        await redis.AdminServer.ConfigSetAsync("maxmemory-policy", "noeviction");
        await using var gateway = new GatewayFactory(redis.Store, new Dictionary<string, string?> { ["Gateway:Roles"] = "api" });
        using var client = gateway.CreateClient();
        var check = gateway.Services.GetRequiredService<Gateway.Health.MemoryPolicyCheck>();
        await Until.TrueAsync(() => check.Policies.Count == 1, TimeSpan.FromSeconds(15));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal("noeviction", check.Policies.Values.Single());
    }

    [Fact]
    public async Task Start_ConfigRefused_WarnsAndStaysReady()
    {
        // Managed Redis often refuses CONFIG: here a user without the permission.
        await using var redis = await ScratchRedis.StartAsync("policy");
        await redis.AdminServer.ExecuteAsync("ACL", "SETUSER", "gw", "on", ">secret-pw", "~*", "&*", "+@all", "-config");
        await redis.AdminServer.ConfigSetAsync("maxmemory-policy", "allkeys-lru");
        var store = new ConfiguredStore(redis.Server.Configuration + ",user=gw,password=secret-pw");
        await using var gateway = new GatewayFactory(store, new Dictionary<string, string?> { ["Gateway:Roles"] = "api" });
        using var client = gateway.CreateClient();

        await Until.TrueAsync(() => gateway.Logs.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Message.Contains("maxmemory-policy", StringComparison.Ordinal)), TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> EventuallyAsync(HttpClient client, Func<HttpStatusCode, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var response = await client.GetAsync("/readyz");
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (done(response.StatusCode) || DateTime.UtcNow > deadline)
            {
                return (response.StatusCode, body);
            }

            await Task.Delay(50);
        }
    }

    private sealed class ConfiguredStore(string configuration) : StoreFixture(Gateway.LocalStore.LocalServerKind.Redis)
    {
        public override string Configuration => configuration;
    }
}
