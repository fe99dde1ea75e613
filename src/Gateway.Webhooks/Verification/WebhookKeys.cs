namespace Gateway.Webhooks.Verification;

/// <summary>Reads the secret or public key an endpoint was given into the key that checks its signatures.</summary>
public static class WebhookKeys
{
    /// <summary>The prefix of an Ed25519 public key (Standard Webhooks <c>v1a</c>).</summary>
    public const string PublicKeyPrefix = "whpk_";

    /// <summary>A <c>whsec_</c> secret (or bare base64) as a <c>v1</c> key.</summary>
    /// <exception cref="NotSupportedException">A <c>whpk_</c> key: <c>v1a</c> is not built yet; pass an <see cref="IWebhookSignatureKey"/> for it.</exception>
    public static IWebhookSignatureKey Parse(string secretOrPublicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretOrPublicKey);
        if (secretOrPublicKey.StartsWith(PublicKeyPrefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException("v1a (Ed25519, whpk_) keys are not supported yet: implement IWebhookSignatureKey with Version \"v1a\".");
        }

        return HmacWebhookKey.FromSecret(secretOrPublicKey);
    }
}
