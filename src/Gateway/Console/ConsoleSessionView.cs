namespace Gateway.Console;

/// <summary>A live console session as listed (never its cookie or CSRF token).</summary>
public sealed record ConsoleSessionView(string Id, string TenantId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    public static ConsoleSessionView Of(ConsoleSession session) =>
        new(session.Id, session.TenantId, session.CreatedBy, session.CreatedAt, session.ExpiresAt);
}
