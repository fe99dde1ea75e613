namespace Gateway.Webhooks.Verification;

/// <summary>
/// A key that checks signatures of one version: <c>v1</c> (HMAC-SHA256, <see cref="HmacWebhookKey"/>) or <c>v1a</c>
/// (Ed25519, <c>whpk_</c> public keys, <see cref="Ed25519WebhookKey"/>).
/// </summary>
public interface IWebhookSignatureKey
{
    /// <summary>The version prefix of the signatures this key checks, e.g. <c>v1</c>.</summary>
    string Version { get; }

    /// <summary>True when <paramref name="signature"/> (the part after <c>version,</c>) signs <paramref name="signedContent"/>.</summary>
    /// <remarks>Implementations compare in constant time.</remarks>
    bool Matches(ReadOnlySpan<byte> signedContent, ReadOnlySpan<char> signature);
}
