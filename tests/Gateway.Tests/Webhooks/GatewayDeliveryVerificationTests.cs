using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Gateway.Webhooks.Verification;

namespace Gateway.Tests.Webhooks;

/// <summary>The receiver library against this gateway's real deliveries (real Redis, real receiver on 127.0.0.1).</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class GatewayDeliveryVerificationTests(RedisFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task RealDelivery_VerifiesWithTheEndpointSecret_AndFailsWithAnother()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (_, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/lib"));
        await SendAsync(tenant, Events.Order(orderId: "ORD-LIB-1"));

        var received = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();
        var result = new WebhookVerifier(secret).Verify(received.Id, received.Timestamp, received.Signature, received.Body);

        Assert.True(result.IsValid, result.Failure.ToString());
        Assert.Equal(received.Id, result.MessageId);
        var other = new WebhookVerifier("whsec_" + Convert.ToBase64String(new byte[32]));
        Assert.Equal(WebhookFailure.NoMatchingSignature, other.Verify(received.Id, received.Timestamp, received.Signature, received.Body).Failure);
    }

    [Fact]
    public async Task SecretRotated_DeliveryCarriesTwoSignatures_EachSecretAloneVerifies()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (id, oldSecret) = await CreateEndpointAsync(tenant, Receiver.Url("/rotated"));
        var rotated = await (await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{id}/secret/rotate", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        await SendAsync(tenant, Events.Order(orderId: "ORD-LIB-2"));

        var received = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();

        Assert.Equal(2, received.Signature.Split(' ').Length);
        Assert.True(new WebhookVerifier(oldSecret).Verify(received.Id, received.Timestamp, received.Signature, received.Body).IsValid);
        Assert.True(new WebhookVerifier(newSecret).Verify(received.Id, received.Timestamp, received.Signature, received.Body).IsValid);
        Assert.Equal(WebhookFailure.NoMatchingSignature,
            new WebhookVerifier(newSecret).Verify(received.Id, received.Timestamp, received.Signature, received.Body + " ").Failure);
    }
}
