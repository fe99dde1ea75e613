using NSec.Cryptography;

namespace Gateway.Delivery.Signing;

/// <summary>
/// Standard Webhooks <c>v1a</c> keys: <c>whsk_</c> + base64 of the 32-byte Ed25519 private key (the RFC 8032 seed),
/// kept by the gateway only, and <c>whpk_</c> + base64 of the 32-byte public key, handed to subscribers.
/// NSec.Cryptography (libsodium) does the curve arithmetic.
/// </summary>
public static class Ed25519Keys
{
    public const string SecretPrefix = "whsk_";
    public const string PublicPrefix = "whpk_";

    /// <summary>A new private key, <c>whsk_…</c>.</summary>
    public static string Generate()
    {
        var exportable = new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport };
        using var key = Key.Create(SignatureAlgorithm.Ed25519, exportable);
        return SecretPrefix + Convert.ToBase64String(key.Export(KeyBlobFormat.RawPrivateKey));
    }

    public static bool IsSecretKey(string value) => value.StartsWith(SecretPrefix, StringComparison.Ordinal);

    /// <summary>The <c>whpk_…</c> public key of a <c>whsk_…</c> private key.</summary>
    public static string PublicKeyOf(string secretKey)
    {
        using var key = Import(secretKey);
        return PublicPrefix + Convert.ToBase64String(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The 64-byte Ed25519 signature of <paramref name="content"/> (RFC 8032, pure Ed25519).</summary>
    internal static byte[] Sign(Key key, ReadOnlySpan<byte> content) => SignatureAlgorithm.Ed25519.Sign(key, content);

    /// <summary>The libsodium key of a <c>whsk_…</c> private key.</summary>
    /// <exception cref="FormatException">It is not <c>whsk_</c> and base64 of 32 bytes.</exception>
    public static Key Import(string secretKey)
    {
        var seed = new byte[32];
        if (!IsSecretKey(secretKey) || !Convert.TryFromBase64String(secretKey[SecretPrefix.Length..], seed, out var written) || written != 32)
        {
            throw new FormatException("A v1a private key is 'whsk_' followed by base64 of 32 bytes.");
        }

        return Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
    }
}
