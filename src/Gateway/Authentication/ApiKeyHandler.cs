using System.Text.Encodings.Web;
using Gateway.Hosting;
using Gateway.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Authentication;

/// <summary>
/// <c>Authorization: Bearer &lt;key&gt;</c>: the operator's admin key (compared in fixed time), else a tenant key
/// looked up by its hash. Any other key fails, with the reason the refusal will show.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    TenantStore tenants, IOptions<GatewayOptions> gateway)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken(Request) is not { } key)
        {
            return AuthenticateResult.NoResult();
        }

        var adminKey = gateway.Value.AdminApiKey;
        if (!string.IsNullOrEmpty(adminKey) && ApiKeys.FixedTimeEquals(key, adminKey))
        {
            return Success(GatewayAuthentication.ForOperator());
        }

        return await tenants.AuthenticateAsync(key).ConfigureAwait(false) is { } principal
            ? Success(GatewayAuthentication.ForTenant(principal, Scheme.Name))
            : AuthenticateResult.Fail("The API key is unknown or revoked.");
    }

    private AuthenticateResult Success(System.Security.Claims.ClaimsPrincipal principal) =>
        AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        return header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && header.Length > scheme.Length
            ? header[scheme.Length..].Trim()
            : null;
    }
}
