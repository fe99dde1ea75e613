using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Storage;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using StandardWebhooks;

namespace Gateway.Tests.Secrets;

/// <summary>
/// Endpoint secrets at rest: after endpoints with known secrets (one rotated, one with a secret header, one v1a) have
/// delivered, nothing in Redis (every key, read per type) holds a secret, its decoded bytes or a private key, and the
/// deliveries verify with four independent verifiers.
/// </summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class SecretsAtRestTests(RedisFixture store) : DeliveryTestBase(store)
{
    private const string KnownSecret = "whsec_c2VjcmV0LWF0LXJlc3QtdGVzdC0wMTIzNDU2Nzg5";
    private const string HeaderValue = "Bearer header-token-that-must-not-leak-42";

    [Fact]
    public async Task KnownSecrets_AfterDeliveries_NeverInRedis_AndDeliveriesVerifyWithFourVerifiers()
    {
        var tenant = await Factory.CreateTenantAsync();
        var plain = await tenant.CreateEndpointAsync(Receiver.Url("/plain"), ["*"], new { secret = KnownSecret, secretHeaders = new Dictionary<string, string> { ["Authorization"] = HeaderValue } });
        var rotatedId = (await tenant.CreateEndpointAsync(Receiver.Url("/rotated"), ["*"])).GetProperty("id").GetString()!;
        var before = (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{rotatedId}/secret")).GetProperty("secret").GetString()!;
        var rotate = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{rotatedId}/secret/rotate", new { });
        var after = (await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("secret").GetString()!;
        var v1a = await tenant.CreateEndpointAsync(Receiver.Url("/v1a"), ["*"], new { signatureScheme = "v1a" });
        var publicKey = v1a.GetProperty("publicKey").GetString()!;
        Assert.False(v1a.TryGetProperty("secret", out _));
        Assert.Equal(["Authorization"], plain.GetProperty("secretHeaders").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain(HeaderValue, plain.ToString(), StringComparison.Ordinal);

        await Task.Delay(200); // the rotation reaches the worker through the change feed
        for (var i = 0; i < 2; i++)
        {
            await SendAsync(tenant);
        }

        var all = await Receiver.WaitForAsync(r => r.Count == 6);
        var privateKey = Factory.Services.GetRequiredService<EndpointSecrets>().OpenSigning(
            v1a.GetProperty("id").GetString()!, (await StoredAsync(v1a.GetProperty("id").GetString()!)).Secret);
        Assert.StartsWith("whsk_", privateKey, StringComparison.Ordinal);

        // Redis, read as a backup would be: neither the strings nor the decoded bytes of any secret.
        var dump = await RedisDump.ReadAllAsync(Factory.Store.Connection, Factory.KeyPrefix);
        Assert.True(dump.Length > 1000, "the dump holds the endpoints, events and logs");
        foreach (var secret in new[] { KnownSecret, before, after, privateKey })
        {
            var encoded = secret[(secret.IndexOf('_') + 1)..];
            Assert.False(RedisDump.Contains(dump, Encoding.UTF8.GetBytes(secret)), $"{secret[..6]}… found in Redis");
            Assert.False(RedisDump.Contains(dump, Encoding.UTF8.GetBytes(encoded)), "a secret's base64 found in Redis");
            Assert.False(RedisDump.Contains(dump, Convert.FromBase64String(encoded)), "a secret's bytes found in Redis");
        }

        Assert.False(RedisDump.Contains(dump, Encoding.UTF8.GetBytes(HeaderValue)), "the secret header's value found in Redis");
        Assert.True(RedisDump.Contains(dump, Encoding.UTF8.GetBytes(SecretProtector.Prefix)), "the secrets are stored encrypted");

        // 1. Gateway.Webhooks, 2. the StandardWebhooks NuGet package, 3. the npm standardwebhooks package (v1), 4. Node's Ed25519 (v1a).
        var plainDeliveries = all.Where(r => r.Path == "/plain").ToList();
        var rotatedDeliveries = all.Where(r => r.Path == "/rotated").ToList();
        var v1aDeliveries = all.Where(r => r.Path == "/v1a").ToList();
        Assert.All(plainDeliveries, r => Assert.Equal(HeaderValue, r.Headers.Authorization.ToString()));
        Assert.All(plainDeliveries, r => Assert.True(SignedDelivery.Verify(KnownSecret, r)));
        Assert.All(rotatedDeliveries, r => Assert.True(SignedDelivery.Verify(after, r) && SignedDelivery.Verify(before, r)));
        foreach (var (secret, request) in plainDeliveries.Select(r => (KnownSecret, r)).Concat(rotatedDeliveries.Select(r => (after, r))))
        {
            new StandardWebhook(secret).Verify(request.Body, new HeaderDictionary
            {
                ["webhook-id"] = request.Id,
                ["webhook-timestamp"] = request.Timestamp,
                ["webhook-signature"] = request.Signature,
            });
        }

        await NodeVerifier.AssertAllVerifyAsync("verify.mjs", [.. plainDeliveries.Select(r => Capture(KnownSecret, r)), .. rotatedDeliveries.Select(r => Capture(before, r))]);
        await NodeVerifier.AssertAllVerifyAsync("verify-v1a.mjs", [.. v1aDeliveries.Select(r => (object)new { publicKey, id = r.Id, timestamp = r.Timestamp, signature = r.Signature, body = r.Body })]);
    }

    [Fact]
    public async Task SecretEndpoints_NeverAnswerAPrivateKeyOrAHeaderValue()
    {
        var tenant = await Factory.CreateTenantAsync();
        var v1a = await tenant.CreateEndpointAsync(Receiver.Url("/v1a"), ["*"], new { signatureScheme = "v1a", secretHeaders = new Dictionary<string, string> { ["X-Api-Key"] = HeaderValue } });
        var id = v1a.GetProperty("id").GetString()!;

        var answers = new[]
        {
            await tenant.Http.GetStringAsync($"/v1/endpoints/{id}"),
            await tenant.Http.GetStringAsync("/v1/endpoints"),
            await tenant.Http.GetStringAsync($"/v1/endpoints/{id}/secret"),
            await (await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{id}/secret/rotate", new { })).Content.ReadAsStringAsync(),
            await (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { description = "x" })).Content.ReadAsStringAsync(),
        };

        Assert.All(answers, a => Assert.DoesNotContain("whsk_", a, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain(HeaderValue, a, StringComparison.Ordinal));
        Assert.All(answers, a => Assert.DoesNotContain(SecretProtector.Prefix, a, StringComparison.Ordinal));
        Assert.StartsWith("whpk_", JsonDocument.Parse(answers[2]).RootElement.GetProperty("publicKey").GetString(), StringComparison.Ordinal);
    }

    private async Task<WebhookEndpoint> StoredAsync(string endpointId) =>
        JsonSerializer.Deserialize<WebhookEndpoint>((string)(await Factory.Store.Database.StringGetAsync($"{Factory.KeyPrefix}:endpoint:{endpointId}"))!, GatewayJson.Options)!;

    private static object Capture(string secret, ReceivedRequest r) => new { secret, id = r.Id, timestamp = r.Timestamp, signature = r.Signature, body = r.Body };
}
