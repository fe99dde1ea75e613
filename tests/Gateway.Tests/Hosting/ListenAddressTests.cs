using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Hosting;

/// <summary>Where the gateway listens is the operator's standard setting, not something appsettings.json overrides.</summary>
[Collection(RedisCollection.Name)]
public sealed class ListenAddressTests(RedisFixture store)
{
    [Fact]
    public async Task AspNetCoreUrls_IsHonoured()
    {
        await using var gateway = GatewayProcess.Start(new Dictionary<string, string?>
        {
            ["Redis:Configuration"] = store.Configuration,
            ["Redis:KeyPrefix"] = "t" + Guid.NewGuid().ToString("N")[..10],
            ["Gateway:AdminApiKey"] = GatewayFactory.AdminKey,
            ["Encryption:Key"] = GatewayFactory.EncryptionKey,
            ["Gateway:Roles"] = "api",
        }, urlsInEnvironment: true);

        await gateway.WaitReadyAsync(TimeSpan.FromSeconds(60));
    }
}
