namespace Gateway.Tenants;

/// <summary>An API key's public record. The key itself is never stored, only its SHA-256.</summary>
public sealed record ApiKeyRecord(string KeyId, string Hash, string Scope, DateTimeOffset CreatedAt)
{
    public DateTimeOffset? RevokedAt { get; init; }
}
