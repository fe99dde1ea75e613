namespace Gateway.Webhooks.Verification;

/// <summary>Reads the secret or public key an endpoint was given into the key that checks its signatures.</summary>
public static class WebhookKeys
{
    /// <summary>The prefix of an Ed25519 public key (Standard Webhooks <c>v1a</c>).</summary>
    public const string PublicKeyPrefix = "whpk_";

    /// <summary>A <c>whsec_</c> secret (or bare base64) as a <c>v1</c> key, a <c>whpk_</c> public key as a <c>v1a</c> (Ed25519) key.</summary>
    public static IWebhookSignatureKey Parse(string secretOrPublicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secretOrPublicKey);
        return secretOrPublicKey.StartsWith(PublicKeyPrefix, StringComparison.Ordinal)
            ? Ed25519WebhookKey.FromPublicKey(secretOrPublicKey)
            : HmacWebhookKey.FromSecret(secretOrPublicKey);
    }
}
