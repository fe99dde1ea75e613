using System.Security.Cryptography;
using System.Text;

namespace Gateway.Tenants;

/// <summary>Tenant API keys: 32 random bytes, shown once, stored as SHA-256.</summary>
public static class ApiKeys
{
    public const string Prefix = "gwk_";

    public static string Generate()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return Prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Keys carry 256 bits of entropy, so a plain SHA-256 is enough; no slow KDF is needed.</summary>
    public static string Hash(string key)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Compares without leaking where two keys differ.</summary>
    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
