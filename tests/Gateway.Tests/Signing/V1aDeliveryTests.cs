using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Signing;

/// <summary>Deliveries of v1a endpoints verified by Node's Ed25519 (OpenSSL): new, rotated, and switched from v1 with both signatures during the overlap.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class V1aDeliveryTests(RedisFixture store) : DeliveryTestBase(store)
{
    [Fact]
    public async Task V1aEndpoint_Rotated_BothPublicKeysVerifyDuringTheOverlap()
    {
        var tenant = await Factory.CreateTenantAsync();
        var created = await tenant.CreateEndpointAsync(Receiver.Url("/v1a"), ["*"], new { signatureScheme = "v1a" });
        var id = created.GetProperty("id").GetString()!;
        var first = created.GetProperty("publicKey").GetString()!;
        Assert.Equal("v1a", created.GetProperty("signatureScheme").GetString());
        await SendAsync(tenant);
        var one = Assert.Single(await Receiver.WaitForAsync(r => r.Count == 1));
        Assert.Matches("^v1a,[A-Za-z0-9+/]{86}==$", one.Signature);

        var rotated = await (await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{id}/secret/rotate", new { })).Content.ReadFromJsonAsync<JsonElement>();
        var second = rotated.GetProperty("publicKey").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Equal(second, (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{id}/secret")).GetProperty("publicKey").GetString());
        await Task.Delay(200); // the change reaches the worker through the change feed
        await SendAsync(tenant);
        var two = (await Receiver.WaitForAsync(r => r.Count == 2))[1];
        Assert.Equal(2, two.Signature.Split(' ').Length);

        await NodeVerifier.AssertAllVerifyAsync("verify-v1a.mjs", [Capture(first, one), Capture(first, two), Capture(second, two)]);
    }

    [Fact]
    public async Task SwitchFromV1ToV1a_SendsBothSignatures_DuringTheOverlap()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (id, secret) = await CreateEndpointAsync(tenant, Receiver.Url("/switch"));

        var patched = await (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{id}", new { signatureScheme = "v1a" })).Content.ReadFromJsonAsync<JsonElement>();
        var publicKey = patched.GetProperty("publicKey").GetString()!;
        Assert.Equal("v1a", patched.GetProperty("signatureScheme").GetString());
        Assert.True(patched.TryGetProperty("secretRotating", out _));
        await Task.Delay(200);
        await SendAsync(tenant);
        var delivery = Assert.Single(await Receiver.WaitForAsync(r => r.Count == 1));

        Assert.Equal(["v1a", "v1"], delivery.Signature.Split(' ').Select(s => s[..s.IndexOf(',')]));
        Assert.True(SignedDelivery.Verify(secret, delivery)); // receivers still on the old secret go on verifying
        await NodeVerifier.AssertAllVerifyAsync("verify-v1a.mjs", [Capture(publicKey, delivery)]);
        await NodeVerifier.AssertAllVerifyAsync("verify.mjs", [new { secret, id = delivery.Id, timestamp = delivery.Timestamp, signature = delivery.Signature, body = delivery.Body }]);
    }

    [Fact]
    public async Task BadScheme_Or_SecretForV1a_Answers422WithPointer()
    {
        var tenant = await Factory.CreateTenantAsync();

        var badScheme = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = Receiver.Url(), eventTypes = new[] { "*" }, signatureScheme = "v2" });
        var givenKey = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = Receiver.Url(), eventTypes = new[] { "*" }, signatureScheme = "v1a", secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" });

        Assert.Equal(["/signatureScheme"], ProblemAssert.ErrorPaths(await ProblemAssert.IsProblemAsync(badScheme, System.Net.HttpStatusCode.UnprocessableEntity)));
        Assert.Equal(["/secret"], ProblemAssert.ErrorPaths(await ProblemAssert.IsProblemAsync(givenKey, System.Net.HttpStatusCode.UnprocessableEntity)));
    }

    private static object Capture(string publicKey, ReceivedRequest r) => new { publicKey, id = r.Id, timestamp = r.Timestamp, signature = r.Signature, body = r.Body };
}
