using System.Text.Encodings.Web;
using Gateway.Authentication;
using Gateway.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Gateway.Console;

/// <summary>
/// The console's session cookie, on the JSON API (<c>/v1</c>) and the session's own routes: a live session acts for
/// its tenant as a tenant key would. Opening a link (<c>POST /console/session</c>) starts a new session, so an older
/// cookie plays no part in it. The session itself is a request feature (<see cref="ConsoleSessionMiddleware.Session"/>).
/// </summary>
public sealed class ConsoleSessionHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    ConsoleSessionStore sessions)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var path = Request.Path;
        var opening = path.StartsWithSegments("/console/session") && HttpMethods.IsPost(Request.Method);
        if (opening
            || !(path.StartsWithSegments("/v1") || path.StartsWithSegments("/console/session"))
            || ConsoleCookie.Read(Context) is not { } cookie
            || await sessions.AuthenticateAsync(cookie).ConfigureAwait(false) is not { } session)
        {
            return AuthenticateResult.NoResult();
        }

        Context.Features.Set(session);
        var principal = GatewayAuthentication.ForTenant(new TenantPrincipal(session.TenantId, session.ActorId, "tenant"), Scheme.Name, session.Id);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
