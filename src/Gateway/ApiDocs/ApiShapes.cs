using System.Text.Json;

// The request and response shapes the API documents. Handlers read bodies with their own field-by-field checks and
// answer anonymous objects, so these records exist for the OpenAPI document only; they are kept together in one
// file because they are read as one catalog, next to ApiOperations that names which route uses which.
namespace Gateway.ApiDocs;

public sealed record ListOf<T>(IReadOnlyList<T> Data);

public sealed record EncryptionStatusView(string? KeyId, IReadOnlyList<string> KeyIds, string? Problem);

public sealed record TenantCreated(string Id, string Name, string ApiKey, DateTimeOffset CreatedAt);

public sealed record KeyIssued(string KeyId, string ApiKey, string Scope, DateTimeOffset CreatedAt);

public sealed record KeyView(string KeyId, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record EventTypeView(string Name, string? Description, bool BuiltIn, JsonElement Schema);

public sealed record ConsoleLinkView(string Url, DateTimeOffset ExpiresAt);

public sealed record ConsoleSessionView(string Id, string TenantId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record OpenLinkRequest(string Token);

public sealed record CurrentSessionView(string Id, string TenantId, string? TenantName, DateTimeOffset ExpiresAt, string CsrfToken);

public sealed record RevokedView(int Revoked);

public sealed record HealthView(string Status);
