using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Delivery.Secrets;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Secrets;

/// <summary>
/// The operator key's life: plain-text secrets of an older build encrypted in place, a rotation (new key current,
/// old one previous, re-encryption), and a missing or wrong key (readiness says why, deliveries wait, none is lost).
/// </summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class KeyLifecycleTests(RedisFixture store) : IAsyncLifetime
{
    private const string KeyA = GatewayFactory.EncryptionKey;
    private static readonly string s_keyB = Convert.ToBase64String(Enumerable.Range(100, 32).Select(i => (byte)i).ToArray());
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private Receiver _receiver = null!;
    private StackExchange.Redis.ConnectionMultiplexer _redis = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(store.Configuration);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task PlainTextSecretFromAnOlderBuild_IsEncryptedOnStart_AndKeepsDelivering()
    {
        string endpointId, secret;
        TenantClient tenant;
        await using (var old = Gateway(KeyA, worker: false))
        {
            tenant = await old.CreateTenantAsync();
            var created = await tenant.CreateEndpointAsync(_receiver.Url("/old"), ["*"]);
            (endpointId, secret) = (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
        }

        // What the previous build stored: the secret in plain text.
        var db = _redis.GetDatabase();
        var record = JsonNode.Parse((string)(await db.StringGetAsync(EndpointKey(endpointId)))!)!;
        record["secret"] = secret;
        await db.StringSetAsync(EndpointKey(endpointId), record.ToJsonString());

        await using var upgraded = Gateway(KeyA, worker: true);
        var client = upgraded.CreateClient();
        client.DefaultRequestHeaders.Authorization = tenant.Http.DefaultRequestHeaders.Authorization;
        var stored = await EventuallyEncryptedAsync(db, endpointId);
        Assert.StartsWith(SecretProtector.Prefix, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(secret[6..], stored, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/v1/events", Events.Order())).StatusCode);
        var delivered = Assert.Single(await _receiver.WaitForAsync(r => r.Count == 1));
        Assert.True(SignedDelivery.Verify(secret, delivered));
        Assert.Equal(secret, (await client.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/secret")).GetProperty("secret").GetString());
    }

    [Fact]
    public async Task RollingUpgrade_ReencryptOnStartOff_LeavesPlainTextForOldProcesses_UntilTheAdminCall()
    {
        string endpointId, secret;
        await using (var old = Gateway(KeyA, worker: false))
        {
            var created = await (await old.CreateTenantAsync()).CreateEndpointAsync(_receiver.Url("/rolling"), ["*"]);
            (endpointId, secret) = (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
        }

        var db = _redis.GetDatabase();
        var record = JsonNode.Parse((string)(await db.StringGetAsync(EndpointKey(endpointId)))!)!;
        record["secret"] = secret;
        await db.StringSetAsync(EndpointKey(endpointId), record.ToJsonString());

        await using var rolling = Gateway(KeyA, worker: false, reencryptOnStart: false);
        Assert.Equal(HttpStatusCode.OK, (await rolling.CreateClient().GetAsync("/readyz")).StatusCode);
        Assert.Equal(secret, JsonNode.Parse((string)(await db.StringGetAsync(EndpointKey(endpointId)))!)!["secret"]!.GetValue<string>());

        var report = await (await rolling.AdminClient().PostAsync("/admin/encryption/reencrypt", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, report.GetProperty("reencrypted").GetInt32());
        Assert.StartsWith(SecretProtector.Prefix, JsonNode.Parse((string)(await db.StringGetAsync(EndpointKey(endpointId)))!)!["secret"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyRotation_OldValuesReadable_ReencryptMovesEveryValueToTheNewKey()
    {
        string endpointId, secret;
        TenantClient tenant;
        await using (var before = Gateway(KeyA, worker: false))
        {
            tenant = await before.CreateTenantAsync();
            var created = await tenant.CreateEndpointAsync(_receiver.Url("/rotating"), ["*"], new { secretHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer rotate-me" } });
            (endpointId, secret) = (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
        }

        var db = _redis.GetDatabase();
        var idA = EncryptionKeyId(KeyA);
        Assert.Contains($"{SecretProtector.Prefix}{idA}:", (string)(await db.StringGetAsync(EndpointKey(endpointId)))!, StringComparison.Ordinal);

        await using var after = Gateway(s_keyB, worker: true, previous: KeyA);
        var admin = after.AdminClient();
        var report = await (await admin.PostAsync("/admin/encryption/reencrypt", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(EncryptionKeyId(s_keyB), report.GetProperty("keyId").GetString());
        Assert.Equal(0, report.GetProperty("unreadable").GetInt32());
        var stored = (string)(await db.StringGetAsync(EndpointKey(endpointId)))!;
        Assert.DoesNotContain(idA, stored, StringComparison.Ordinal); // secret and header both moved to key B
        Assert.Contains(EncryptionKeyId(s_keyB), stored, StringComparison.Ordinal);

        var client = after.CreateClient();
        client.DefaultRequestHeaders.Authorization = tenant.Http.DefaultRequestHeaders.Authorization;
        await client.PostAsJsonAsync("/v1/events", Events.Order());
        var delivered = Assert.Single(await _receiver.WaitForAsync(r => r.Count == 1));
        Assert.True(SignedDelivery.Verify(secret, delivered));
        Assert.Equal("Bearer rotate-me", delivered.Headers.Authorization.ToString());

        // Key A can now be dropped: B alone opens everything.
        await using var onlyB = Gateway(s_keyB, worker: false);
        Assert.Equal(HttpStatusCode.OK, (await onlyB.CreateClient().GetAsync("/readyz")).StatusCode);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("wrong")]
    public async Task MissingOrWrongKey_ReadyzSaysWhy_DeliveriesWait_ThenGoOnceTheKeyIsBack(string fault)
    {
        string endpointId, secret;
        TenantClient tenant;
        await using (var good = Gateway(KeyA, worker: false))
        {
            tenant = await good.CreateTenantAsync();
            var created = await tenant.CreateEndpointAsync(_receiver.Url("/waits"), ["*"]);
            (endpointId, secret) = (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
        }

        string eventId;
        await using (var broken = Gateway(fault == "missing" ? "" : s_keyB, worker: true))
        {
            // The start-up pass over the stored secrets finds what this key cannot open.
            var deadline = DateTime.UtcNow.AddSeconds(10);
            HttpResponseMessage ready;
            while ((ready = await broken.CreateClient().GetAsync("/readyz")).IsSuccessStatusCode && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            var body = await ready.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains(fault == "missing" ? "no encryption key is configured" : EncryptionKeyId(KeyA), body.GetProperty("reason").GetString(), StringComparison.Ordinal);

            var client = broken.CreateClient();
            client.DefaultRequestHeaders.Authorization = tenant.Http.DefaultRequestHeaders.Authorization;
            var accepted = await client.PostAsJsonAsync("/v1/events", Events.Order());
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode); // ingestion needs no secret
            eventId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            if (fault == "missing")
            {
                // Nothing to encrypt a new secret with: 503, and nothing stored. (A wrong key would store it under that key.)
                var created = await client.PostAsJsonAsync("/v1/endpoints", new { url = _receiver.Url("/new"), eventTypes = new[] { "*" } });
                await ProblemAssert.IsProblemAsync(created, HttpStatusCode.ServiceUnavailable);
            }

            // The worker tried (more than once, at the short wait) and put the message back each time: nothing sent unsigned.
            await Until.TrueAsync(
                () => broken.Logs.GetSnapshot().Count(r => r.Message.StartsWith($"Deliveries to endpoint {endpointId} wait", StringComparison.Ordinal)) >= 2,
                what: "the worker put the message back twice for want of its secret");
            Assert.Empty(_receiver.Requests);
            var state = await client.GetFromJsonAsync<JsonElement>($"/v1/events/{eventId}");
            Assert.DoesNotContain("dead", state.GetProperty("deliveries").ToString(), StringComparison.Ordinal);
            var stats = await client.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/stats");
            Assert.Equal(0, stats.GetProperty("failedAttempts").GetInt64());
        }

        await using var fixedGateway = Gateway(KeyA, worker: true);
        var delivered = Assert.Single(await _receiver.WaitForAsync(r => r.Count == 1));
        Assert.True(SignedDelivery.Verify(secret, delivered));
        Assert.Equal(HttpStatusCode.OK, (await fixedGateway.CreateClient().GetAsync("/readyz")).StatusCode);
    }

    private GatewayFactory Gateway(string key, bool worker, string? previous = null, bool reencryptOnStart = true)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = _prefix,
            ["Encryption:Key"] = key,
            ["Gateway:Roles"] = worker ? "api,worker" : "api",
            ["Delivery:SecretUnavailableDelay"] = "00:00:00.200",
            ["Delivery:PollInterval"] = "00:00:00.200",
            ["Encryption:ReencryptOnStart"] = reencryptOnStart ? "true" : "false",
        };
        if (previous is not null)
        {
            settings["Encryption:PreviousKeys:0"] = previous;
        }

        var factory = new GatewayFactory(store, settings);
        _ = factory.Server;
        return factory;
    }

    private string EndpointKey(string endpointId) => $"{_prefix}:endpoint:{endpointId}";

    private static string EncryptionKeyId(string key) => EncryptionKey.TryParse(key, out _)!.Id;

    private async Task<string> EventuallyEncryptedAsync(StackExchange.Redis.IDatabase db, string endpointId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        string stored;
        while (!SecretProtector.IsProtected(stored = JsonNode.Parse((string)(await db.StringGetAsync(EndpointKey(endpointId)))!)!["secret"]!.GetValue<string>())
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return stored;
    }
}
