namespace Gateway.Endpoints;

public sealed record RotateSecretRequest(string? Secret);
