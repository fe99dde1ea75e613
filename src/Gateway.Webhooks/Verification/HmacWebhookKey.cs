using System.Security.Cryptography;

namespace Gateway.Webhooks.Verification;

/// <summary>A Standard Webhooks <c>v1</c> key: HMAC-SHA256 keyed with the base64-decoded part of a <c>whsec_</c> secret.</summary>
public sealed class HmacWebhookKey : IWebhookSignatureKey
{
    /// <summary>The prefix of a symmetric signing secret.</summary>
    public const string SecretPrefix = "whsec_";

    private readonly byte[] _key;

    private HmacWebhookKey(byte[] key) => _key = key;

    public string Version => "v1";

    /// <summary>The key of a <c>whsec_…</c> secret; a bare base64 secret is accepted too, as the reference libraries do.</summary>
    /// <exception cref="ArgumentException">The secret is empty or not base64.</exception>
    public static HmacWebhookKey FromSecret(string secret)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(secret);
        var base64 = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        try
        {
            var key = Convert.FromBase64String(base64);
            return key.Length > 0 ? new HmacWebhookKey(key) : throw new ArgumentException("The webhook secret is empty.", nameof(secret));
        }
        catch (FormatException)
        {
            throw new ArgumentException($"The webhook secret must be '{SecretPrefix}' followed by base64.", nameof(secret));
        }
    }

    public bool Matches(ReadOnlySpan<byte> signedContent, ReadOnlySpan<char> signature)
    {
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> candidate = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, signedContent, expected);
        // A signature of the wrong length fails here without a comparison: its length is no secret.
        return Convert.TryFromBase64Chars(signature, candidate, out var written)
            && written == candidate.Length
            && CryptographicOperations.FixedTimeEquals(candidate, expected);
    }

    /// <summary>The <c>v1,&lt;base64&gt;</c> signature of <paramref name="signedContent"/>.</summary>
    public string Sign(ReadOnlySpan<byte> signedContent) => $"{Version},{Convert.ToBase64String(HMACSHA256.HashData(_key, signedContent))}";
}
