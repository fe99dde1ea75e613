using System.Security.Claims;
using Gateway.Console;
using Gateway.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace Gateway.Authentication;

/// <summary>
/// Who may call what. Two authentication schemes: <see cref="ApiKeyScheme"/> (a tenant key or the operator's admin key
/// as <c>Authorization: Bearer</c>) and <see cref="ConsoleSessionScheme"/> (the console's session cookie, for a request
/// with no <c>Authorization</c> header); the default scheme picks one by that header. Routes name a policy:
/// <see cref="TenantPolicy"/>, <see cref="AdminPolicy"/>, <see cref="ConsolePolicy"/> or
/// <see cref="TenantOrOperatorPolicy"/> (the order APIs). A refusal is a 401 problem saying what to send.
/// </summary>
public static class GatewayAuthentication
{
    public const string ApiKeyScheme = "ApiKey";
    public const string ConsoleSessionScheme = "ConsoleSession";
    private const string SelectingScheme = "Gateway";

    public const string TenantPolicy = "tenant";
    public const string AdminPolicy = "admin";
    public const string ConsolePolicy = "console";
    public const string TenantOrOperatorPolicy = "tenant-or-operator";

    /// <summary>The tenant a principal acts for; absent for the operator's admin key.</summary>
    public const string TenantClaim = "gateway:tenant";

    /// <summary>Which of the tenant's keys (or <c>console:&lt;session&gt;</c>).</summary>
    public const string KeyClaim = "gateway:key";

    /// <summary>The key's scope (<c>tenant</c> or <c>admin</c>).</summary>
    public const string ScopeClaim = "gateway:scope";

    /// <summary>Present for the operator's admin key.</summary>
    public const string OperatorClaim = "gateway:operator";

    /// <summary>Present for a console session; its value is the session's id.</summary>
    public const string SessionClaim = "gateway:session";

    private const string AskForTenantKey = "Send the tenant API key as 'Authorization: Bearer <key>'.";

    public static IServiceCollection AddGatewayAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(SelectingScheme)
            .AddPolicyScheme(SelectingScheme, "API key or console session", o =>
                o.ForwardDefaultSelector = context => context.Request.Headers.Authorization.Count > 0 ? ApiKeyScheme : ConsoleSessionScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyScheme, null)
            .AddScheme<AuthenticationSchemeOptions, ConsoleSessionHandler>(ConsoleSessionScheme, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(TenantPolicy, p => p.AddRequirements(new CredentialRequirement(u => u.HasClaim(c => c.Type == TenantClaim), AskForTenantKey)))
            .AddPolicy(AdminPolicy, p => p.AddRequirements(new CredentialRequirement(
                u => u.HasClaim(c => c.Type == OperatorClaim), "Send the admin key as 'Authorization: Bearer <key>'.")))
            .AddPolicy(ConsolePolicy, p => p.AddRequirements(new CredentialRequirement(
                u => u.HasClaim(c => c.Type == SessionClaim), "No console session: open a console link first.")))
            .AddPolicy(TenantOrOperatorPolicy, p => p.AddRequirements(new CredentialRequirement(
                u => u.HasClaim(c => c.Type is TenantClaim or OperatorClaim), AskForTenantKey)));
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        return services;
    }

    /// <summary>A principal acting for <paramref name="tenant"/>.</summary>
    public static ClaimsPrincipal ForTenant(TenantPrincipal tenant, string scheme, string? sessionId = null)
    {
        var claims = new List<Claim> { new(TenantClaim, tenant.TenantId), new(KeyClaim, tenant.KeyId), new(ScopeClaim, tenant.Scope) };
        if (sessionId is not null)
        {
            claims.Add(new Claim(SessionClaim, sessionId));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    /// <summary>The principal of the operator's admin key, which belongs to no tenant.</summary>
    public static ClaimsPrincipal ForOperator() =>
        new(new ClaimsIdentity([new Claim(OperatorClaim, "true")], ApiKeyScheme));

    /// <summary>Whether the caller holds the operator's admin key.</summary>
    public static bool IsOperator(this ClaimsPrincipal user) => user.HasClaim(c => c.Type == OperatorClaim);
}
