using Gateway.Problems;

namespace Gateway.Endpoints;

/// <summary>The optional body of a secret rotation: no body generates the new secret.</summary>
/// <param name="Secret">A v1 endpoint's new whsec_ secret; left out, the gateway generates one (a v1a key is always generated).</param>
public sealed record RotateSecretRequest(string? Secret = null) : IJsonRequest<RotateSecretRequest>
{
    public static bool BodyIsOptional => true;

    public static long MaxBytes => 64 * 1024;
}
