using System.Text;
using NSec.Cryptography;

namespace Gateway.Delivery.Signing;

/// <summary>One key that signs deliveries: an HMAC key (<c>whsec_</c>, <c>v1</c>) or an Ed25519 private key (<c>whsk_</c>, <c>v1a</c>).</summary>
public sealed class SigningKey
{
    private readonly byte[]? _hmac;
    private readonly Key? _ed25519;

    private SigningKey(byte[] hmac)
    {
        _hmac = hmac;
        Scheme = SignatureScheme.V1;
    }

    private SigningKey(Key ed25519)
    {
        _ed25519 = ed25519;
        Scheme = SignatureScheme.V1a;
    }

    public SignatureScheme Scheme { get; }

    /// <summary>The key of a <c>whsec_</c> secret or a <c>whsk_</c> private key.</summary>
    /// <exception cref="FormatException">Neither.</exception>
    public static SigningKey FromSecret(string secret) =>
        Ed25519Keys.IsSecretKey(secret) ? new SigningKey(Ed25519Keys.Import(secret)) : new SigningKey(WebhookSecret.Decode(secret));

    /// <summary>The signature of <c>{id}.{timestamp}.{body}</c>, with its version: <c>v1,…</c> or <c>v1a,…</c>.</summary>
    public string Sign(string messageId, long timestamp, ReadOnlySpan<byte> body)
    {
        if (_hmac is not null)
        {
            return WebhookSigner.Sign(_hmac, messageId, timestamp, body);
        }

        var prefix = Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1a," + Convert.ToBase64String(Ed25519Keys.Sign(_ed25519!, content));
    }

    /// <summary>Keeps key material out of a debugger's or a log's view.</summary>
    public override string ToString() => $"SigningKey({Scheme})";
}
