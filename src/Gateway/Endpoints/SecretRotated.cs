namespace Gateway.Endpoints;

/// <summary>A rotation's answer: the new secret (v1) or public key (v1a), and when the previous one stops signing.</summary>
public sealed record SecretRotated(string? Secret, string? PublicKey, DateTimeOffset PreviousSecretExpiresAt);
