namespace Gateway.Console;

/// <summary>A console link not yet opened: whose console it opens and until when. Stored under the hash of its token.</summary>
public sealed record ConsoleLink(string TenantId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
