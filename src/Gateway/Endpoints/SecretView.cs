namespace Gateway.Endpoints;

/// <summary>What receivers verify an endpoint's deliveries with.</summary>
/// <param name="Secret">The whsec_ secret of a v1 endpoint.</param>
/// <param name="PublicKey">The whpk_ public key of a v1a endpoint (its private key is never shown).</param>
public sealed record SecretView(string SignatureScheme, string? Secret, string? PublicKey);
