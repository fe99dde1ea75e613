using System.Security.Cryptography;

namespace Gateway.Delivery.Secrets;

/// <summary>One AES-256 key and its id: <c>k</c> + the first 12 hex digits of the key's SHA-256, stored with each value it encrypts.</summary>
public sealed class EncryptionKey
{
    public const int Length = 32;

    private EncryptionKey(byte[] bytes)
    {
        Bytes = bytes;
        Id = "k" + Convert.ToHexStringLower(SHA256.HashData(bytes))[..12];
    }

    /// <summary>Names the key without revealing it (a hash of 256 random bits), so a stored value says which key opens it.</summary>
    public string Id { get; }

    internal byte[] Bytes { get; }

    /// <summary>A new random key as base64, the form the settings take.</summary>
    public static string Generate() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(Length));

    /// <summary>The key in <paramref name="base64"/>; null with why when it is not base64 of 32 bytes.</summary>
    public static EncryptionKey? TryParse(string base64, out string? why)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            why = "is not base64";
            return null;
        }

        if (written != Length)
        {
            why = $"holds {written} bytes, not {Length}";
            return null;
        }

        why = null;
        return new EncryptionKey(buffer[..written]);
    }
}
