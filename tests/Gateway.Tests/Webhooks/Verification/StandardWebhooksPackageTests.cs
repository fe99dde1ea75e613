using System.Text;
using Gateway.Webhooks.Verification;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;
using StandardWebhooks.Diagnostics;

namespace Gateway.Tests.Webhooks.Verification;

/// <summary>Both directions against the <c>StandardWebhooks</c> NuGet package, an independent .NET implementation.</summary>
public sealed class StandardWebhooksPackageTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Body = "{\"subject\":\"order\",\"type\":\"completed\",\"objectId\":\"ORD-ÄÖ-1\",\"note\":\"é ✓\"}";

    [Fact]
    public void TheirSignature_OurVerifier_Valid()
    {
        var now = DateTimeOffset.UtcNow;
        var signature = new StandardWebhook(Secret).Sign("msg_theirs", now, Body);

        var result = new WebhookVerifier(Secret).Verify("msg_theirs", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature, Body);

        Assert.True(result.IsValid, result.Failure.ToString());
    }

    [Fact]
    public void TheirSignature_TamperedBody_OurVerifierRejects()
    {
        var now = DateTimeOffset.UtcNow;
        var signature = new StandardWebhook(Secret).Sign("msg_theirs", now, Body);

        var result = new WebhookVerifier(Secret).Verify("msg_theirs", now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), signature, Body.Replace("ORD", "ORX", StringComparison.Ordinal));

        Assert.Equal(WebhookFailure.NoMatchingSignature, result.Failure);
    }

    [Fact]
    public void OurSignature_TheirVerifier_Accepts()
    {
        var now = DateTimeOffset.UtcNow;
        var headers = Headers("msg_ours", now, WebhookSigner.Sign(Secret, "msg_ours", now, Encoding.UTF8.GetBytes(Body)));

        new StandardWebhook(Secret).Verify(Body, headers); // throws when it does not verify
    }

    [Fact]
    public void OurSignature_OtherSecret_TheirVerifierRejects()
    {
        var now = DateTimeOffset.UtcNow;
        var other = "whsec_" + Convert.ToBase64String(Encoding.UTF8.GetBytes("another secret of 24 bytes!"));
        var headers = Headers("msg_ours", now, WebhookSigner.Sign(other, "msg_ours", now, Encoding.UTF8.GetBytes(Body)));

        Assert.Throws<WebhookVerificationException>(() => new StandardWebhook(Secret).Verify(Body, headers));
    }

    [Fact]
    public void BothSignSameDelivery_SameSignature()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        Assert.Equal(new StandardWebhook(Secret).Sign("msg_same", at, Body), WebhookSigner.Sign(Secret, "msg_same", at, Encoding.UTF8.GetBytes(Body)));
    }

    private static HeaderDictionary Headers(string id, DateTimeOffset at, string signature) => new()
    {
        [WebhookHeaders.Id] = id,
        [WebhookHeaders.Timestamp] = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
        [WebhookHeaders.Signature] = signature,
    };
}
