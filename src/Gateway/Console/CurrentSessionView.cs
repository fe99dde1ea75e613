namespace Gateway.Console;

/// <summary>The browser's own console session.</summary>
/// <param name="TenantName">Absent when the tenant was deleted meanwhile.</param>
/// <param name="CsrfToken">Sent back in the CSRF header on every call that changes state.</param>
public sealed record CurrentSessionView(string Id, string TenantId, string? TenantName, DateTimeOffset ExpiresAt, string CsrfToken);
