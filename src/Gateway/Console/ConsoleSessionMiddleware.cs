using System.Security.Cryptography;
using System.Text;
using Gateway.Problems;

namespace Gateway.Console;

/// <summary>
/// What a console session may not do although it authenticates (<see cref="ConsoleSessionHandler"/>): a
/// state-changing call must also carry the session's CSRF token in a header (SameSite=Strict alone does not cover
/// same-site attackers or older browsers), and a session mints no credentials that outlive it or reach the browser.
/// Runs after authentication.
/// </summary>
public sealed class ConsoleSessionMiddleware(RequestDelegate next)
{
    // API keys and further console links are managed with an API key only.
    private static readonly string[] s_bearerOnly = ["/v1/keys", "/v1/console-sessions"];

    public async Task InvokeAsync(HttpContext context)
    {
        if (Session(context) is not { } session)
        {
            await next(context);
            return;
        }

        var path = context.Request.Path;
        if (!IsSafe(context.Request.Method) && !CsrfMatches(context, session))
        {
            await Problem.Forbidden($"A console call that changes state must carry the session's CSRF token in '{ConsoleCookie.CsrfHeader}'.").ExecuteAsync(context);
            return;
        }

        if (IsBearerOnly(path, context.Request.Method))
        {
            await Problem.Forbidden("API keys and console links are managed with an API key, not from a console session.").ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>Whether a call takes an API key only, never a console session: managing keys and console links
    /// (a session may list its tenant's sessions, not change them).</summary>
    public static bool IsBearerOnly(PathString path, string method) =>
        s_bearerOnly.Any(p => path.StartsWithSegments(p)) && !(path.StartsWithSegments("/v1/console-sessions") && IsSafe(method));

    /// <summary>The console session of this request, when it came with one (and no <c>Authorization</c> header).</summary>
    public static ConsoleSession? Session(HttpContext context) => context.Features.Get<ConsoleSession>();

    private static bool IsSafe(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    private static bool CsrfMatches(HttpContext context, ConsoleSession session)
    {
        var sent = context.Request.Headers[ConsoleCookie.CsrfHeader].ToString();
        return sent.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(session.CsrfToken));
    }
}
