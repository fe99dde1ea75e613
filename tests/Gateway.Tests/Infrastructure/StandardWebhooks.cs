using System.Security.Cryptography;
using System.Text;

namespace Gateway.Tests.Infrastructure;

/// <summary>An independent Standard Webhooks verifier for tests (it does not use the gateway's signer).</summary>
public static class StandardWebhooks
{
    public static bool Verify(string secret, ReceivedRequest request) =>
        Verify(secret, request.Id, request.Timestamp, request.Body, request.Signature);

    public static bool Verify(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        var key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        var expected = Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
        return signatureHeader.Split(' ').Any(s => s.StartsWith("v1,", StringComparison.Ordinal) && s[3..] == expected);
    }
}
