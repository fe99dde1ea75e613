namespace Gateway.Tenants;

/// <summary>An API key as listed: never the key itself.</summary>
public sealed record KeyView(string KeyId, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static KeyView Of(ApiKeyRecord key) => new(key.KeyId, key.Scope, key.CreatedAt, key.RevokedAt);
}
