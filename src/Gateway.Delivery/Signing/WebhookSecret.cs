using System.Security.Cryptography;

namespace Gateway.Delivery.Signing;

/// <summary>Standard Webhooks secrets: <c>whsec_</c> and the base64 of 24 to 64 random bytes.</summary>
public static class WebhookSecret
{
    public const string Prefix = "whsec_";

    public static string Generate() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Null when <paramref name="secret"/> is acceptable, else why not.</summary>
    public static string? Validate(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return "secret must start with 'whsec_'.";
        }

        var key = TryDecode(secret);
        return key is null
            ? "secret must be 'whsec_' followed by base64."
            : key.Length is < 24 or > 64 ? "secret must hold 24 to 64 bytes." : null;
    }

    /// <summary>The HMAC key: the base64-decoded part after the prefix.</summary>
    public static byte[] Decode(string secret) =>
        TryDecode(secret) ?? throw new FormatException("The secret is not 'whsec_' followed by base64.");

    private static byte[]? TryDecode(string secret)
    {
        var encoded = secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret;
        var buffer = new byte[encoded.Length];
        return Convert.TryFromBase64String(encoded, buffer, out var written) ? buffer[..written] : null;
    }
}
