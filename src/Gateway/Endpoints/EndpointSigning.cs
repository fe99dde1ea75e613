using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Signing;

namespace Gateway.Endpoints;

/// <summary>
/// An endpoint's signing secret as the API sets it: a new one (given or generated) sealed at rest, and a rotation or
/// a change of scheme that keeps the old one signing for the overlap. Private keys of <c>v1a</c> never leave here.
/// </summary>
public static class EndpointSigning
{
    /// <summary>A new secret of <paramref name="scheme"/>: <paramref name="given"/> (v1 only) or generated; and its public key for v1a.</summary>
    public static (string Plain, string? PublicKey) New(SignatureScheme scheme, string? given = null)
    {
        if (scheme == SignatureScheme.V1a)
        {
            var key = Ed25519Keys.Generate();
            return (key, Ed25519Keys.PublicKeyOf(key));
        }

        return (given ?? WebhookSecret.Generate(), null);
    }

    /// <summary>The endpoint signing with a new secret of <paramref name="scheme"/>, its current one kept as the previous until the overlap ends.</summary>
    public static WebhookEndpoint Rotate(WebhookEndpoint endpoint, EndpointSecrets secrets, SignatureScheme scheme, string? given, DateTimeOffset now, TimeSpan overlap, out string plain)
    {
        (plain, var publicKey) = New(scheme, given);
        return endpoint with
        {
            Secret = secrets.SealSigning(endpoint.Id, plain),
            SignatureScheme = scheme,
            PublicKey = publicKey,
            PreviousSecret = endpoint.Secret,
            PreviousSecretExpiresAt = now + overlap,
            UpdatedAt = now,
        };
    }
}
