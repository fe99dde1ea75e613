using NSec.Cryptography;

namespace Gateway.Webhooks.Verification;

/// <summary>A Standard Webhooks <c>v1a</c> key: the Ed25519 public key of a <c>whpk_</c> string (base64 of 32 bytes).</summary>
public sealed class Ed25519WebhookKey : IWebhookSignatureKey
{
    private readonly PublicKey _key;

    private Ed25519WebhookKey(PublicKey key) => _key = key;

    public string Version => "v1a";

    /// <summary>The key of a <c>whpk_…</c> public key.</summary>
    /// <exception cref="ArgumentException">It is not <c>whpk_</c> followed by base64 of 32 bytes.</exception>
    public static Ed25519WebhookKey FromPublicKey(string publicKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(publicKey);
        var raw = new byte[32];
        if (!publicKey.StartsWith(WebhookKeys.PublicKeyPrefix, StringComparison.Ordinal)
            || !Convert.TryFromBase64String(publicKey[WebhookKeys.PublicKeyPrefix.Length..], raw, out var written) || written != 32
            || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, raw, KeyBlobFormat.RawPublicKey, out var key))
        {
            throw new ArgumentException($"A v1a public key is '{WebhookKeys.PublicKeyPrefix}' followed by base64 of 32 bytes.", nameof(publicKey));
        }

        return new Ed25519WebhookKey(key!);
    }

    public bool Matches(ReadOnlySpan<byte> signedContent, ReadOnlySpan<char> signature)
    {
        Span<byte> candidate = stackalloc byte[64];
        // A signature of the wrong length fails here; Ed25519 verification itself takes the same time for any signature.
        return Convert.TryFromBase64Chars(signature, candidate, out var written)
            && written == candidate.Length
            && SignatureAlgorithm.Ed25519.Verify(_key, signedContent, candidate);
    }
}
