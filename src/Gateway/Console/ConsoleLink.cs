namespace Gateway.Console;

/// <summary>
/// A console link not yet opened: its id (how the tenant lists and revokes it), whose console it opens, which key
/// (or <c>admin</c>) issued it and until when. Stored under the hash of its token.
/// </summary>
public sealed record ConsoleLink(string Id, string TenantId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
