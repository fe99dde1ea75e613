using System.Globalization;

namespace Gateway.Webhooks.Verification;

/// <summary>
/// Signs as a Standard Webhooks sender does, so a receiver's own tests can make deliveries its handler accepts.
/// </summary>
public static class WebhookSigner
{
    /// <summary>The <c>webhook-signature</c> value (<c>v1,&lt;base64&gt;</c>) of a delivery.</summary>
    public static string Sign(string secret, string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body) =>
        HmacWebhookKey.FromSecret(secret).Sign(WebhookVerifier.SignedContent(id, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body));
}
