using System.Security.Cryptography;
using System.Text;

namespace LoadDriver.Receiver;

/// <summary>
/// A minimal Standard Webhooks verifier: <c>v1,</c> HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> keyed with the
/// base64 part of a <c>whsec_</c> secret. Written here so the driver never trusts the gateway's own signer.
/// </summary>
internal static class WebhookVerifier
{
    private const string SecretPrefix = "whsec_";

    /// <summary>The HMAC key of a <c>whsec_</c> secret (a bare base64 secret is accepted too, as the reference libraries do).</summary>
    public static byte[] DecodeSecret(string secret)
    {
        var base64 = secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret;
        return Convert.FromBase64String(base64);
    }

    /// <summary>The <c>v1,</c> signature the sender should have sent.</summary>
    public static string Sign(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body) =>
        "v1," + Convert.ToBase64String(Hmac(key, id, timestamp, body));

    /// <summary>True when any space-separated <c>v1,</c> entry of <paramref name="signatureHeader"/> matches.</summary>
    public static bool Verify(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        var expected = Hmac(key, id, timestamp, body);
        Span<byte> candidate = stackalloc byte[HMACSHA256.HashSizeInBytes];
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!entry.StartsWith("v1,", StringComparison.Ordinal))
            {
                continue;
            }

            if (Convert.TryFromBase64String(entry[3..], candidate, out var written)
                && written == candidate.Length
                && CryptographicOperations.FixedTimeEquals(candidate, expected))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when the Unix-seconds <paramref name="timestamp"/> is within <paramref name="tolerance"/> of <paramref name="now"/>.</summary>
    public static bool IsFresh(string timestamp, DateTimeOffset now, TimeSpan tolerance) =>
        long.TryParse(timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
        && Math.Abs(now.ToUnixTimeSeconds() - seconds) <= tolerance.TotalSeconds;

    private static byte[] Hmac(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, content);
    }
}
