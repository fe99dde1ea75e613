using System.Security.Cryptography;
using System.Text;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Console;

/// <summary>
/// Lets the console's script call the same JSON API as API clients. A request with no <c>Authorization</c> header and
/// a live session cookie is given the session's tenant principal, which <see cref="TenantAuth"/> then accepts as it
/// accepts a key. A state-changing call must also carry the session's CSRF token in a header: SameSite=Strict alone
/// does not cover same-site attackers or older browsers.
/// </summary>
public sealed class ConsoleSessionMiddleware(RequestDelegate next)
{
    // A session must not mint credentials that outlive it or reach the browser: API keys and further console links.
    private static readonly string[] s_bearerOnly = ["/v1/keys", "/v1/console-sessions"];

    public async Task InvokeAsync(HttpContext context, ConsoleSessionStore sessions)
    {
        var path = context.Request.Path;
        // Opening a link (POST /console/session) starts a new session; an older cookie plays no part in it.
        var opening = path.StartsWithSegments("/console/session") && HttpMethods.IsPost(context.Request.Method);
        if (context.Request.Headers.Authorization.Count > 0
            || opening
            || !(path.StartsWithSegments("/v1") || path.StartsWithSegments("/console/session"))
            || ConsoleCookie.Read(context) is not { } cookie
            || await sessions.AuthenticateAsync(cookie) is not { } session)
        {
            await next(context);
            return;
        }

        if (!IsSafe(context.Request.Method) && !CsrfMatches(context, session))
        {
            await Problem.Forbidden($"A console call that changes state must carry the session's CSRF token in '{ConsoleCookie.CsrfHeader}'.").ExecuteAsync(context);
            return;
        }

        if (s_bearerOnly.Any(p => path.StartsWithSegments(p)) && !(path.StartsWithSegments("/v1/console-sessions") && IsSafe(context.Request.Method)))
        {
            await Problem.Forbidden("API keys and console links are managed with an API key, not from a console session.").ExecuteAsync(context);
            return;
        }

        context.Items[typeof(ConsoleSession)] = session;
        TenantAuth.UseSessionPrincipal(context, new TenantPrincipal(session.TenantId, session.ActorId, "tenant"));
        await next(context);
    }

    /// <summary>The console session of this request, when it came with one.</summary>
    public static ConsoleSession? Session(HttpContext context) => context.Items[typeof(ConsoleSession)] as ConsoleSession;

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static bool CsrfMatches(HttpContext context, ConsoleSession session)
    {
        var sent = context.Request.Headers[ConsoleCookie.CsrfHeader].ToString();
        return sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(session.CsrfToken));
    }
}
