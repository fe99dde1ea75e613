namespace Gateway.Console;

/// <summary>A console session: the tenant it is scoped to and the CSRF token its state-changing calls must carry.</summary>
public sealed record ConsoleSession(string Id, string TenantId, string CsrfToken, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt)
{
    /// <summary>The key id that stands for a console session in principals and order history.</summary>
    public string ActorId => "console:" + Id;
}
