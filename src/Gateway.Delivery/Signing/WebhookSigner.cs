using System.Security.Cryptography;
using System.Text;

namespace Gateway.Delivery.Signing;

/// <summary>Standard Webhooks signatures: <c>v1,</c> + base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>; <c>v1a</c> in <see cref="SigningKey"/>.</summary>
public static class WebhookSigner
{
    public static string Sign(ReadOnlySpan<byte> key, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        Span<byte> hash = stackalloc byte[32];
        hmac.GetHashAndReset(hash);
        return "v1," + Convert.ToBase64String(hash);
    }

    /// <summary>The <c>webhook-signature</c> header: one signature per active key (<c>v1</c> or <c>v1a</c>), space separated.</summary>
    public static string SignatureHeader(IReadOnlyList<SigningKey> keys, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (keys.Count == 1)
        {
            return keys[0].Sign(messageId, timestamp, body);
        }

        var signatures = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            signatures[i] = keys[i].Sign(messageId, timestamp, body);
        }

        return string.Join(' ', signatures);
    }

    /// <summary>The <c>webhook-signature</c> header of HMAC keys: one signature per active secret, space separated.</summary>
    public static string SignatureHeader(IReadOnlyList<byte[]> keys, string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (keys.Count == 1)
        {
            return Sign(keys[0], messageId, timestamp, body);
        }

        var signatures = new string[keys.Count];
        for (var i = 0; i < keys.Count; i++)
        {
            signatures[i] = Sign(keys[i], messageId, timestamp, body);
        }

        return string.Join(' ', signatures);
    }
}
