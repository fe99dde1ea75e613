using System.Security.Cryptography;
using System.Text;

namespace Listen;

/// <summary>Standard Webhooks verification: HMAC-SHA256 of "{id}.{timestamp}.{body}" with the base64 part of the whsec_ secret.</summary>
public static class Signature
{
    public static bool Verify(string secret, string id, string timestamp, string body, string header)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var expected = Encoding.ASCII.GetBytes(Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}"))));
        // Several signatures are sent while a secret rotates; any one matching is enough.
        return header.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal))
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s[3..]), expected));
    }
}
