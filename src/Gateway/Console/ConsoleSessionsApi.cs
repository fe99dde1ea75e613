using Gateway.Authentication;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.Extensions.Options;

namespace Gateway.Console;

/// <summary>
/// Console links and sessions: a tenant key (or the admin key, for any tenant) asks for a single-use link, the
/// browser exchanges it for a session cookie, and sessions can be listed and revoked.
/// </summary>
public static class ConsoleSessionsApi
{
    public static IEndpointRouteBuilder MapConsoleSessions(this IEndpointRouteBuilder app)
    {
        var tenant = app.MapGroup("/v1/console-sessions").RequireTenant();
        tenant.MapPost("/", async (HttpContext context, ConsoleSessionStore sessions, IOptions<ConsoleOptions> options) =>
        {
            var principal = context.Tenant();
            return await IssueAsync(context, sessions, options.Value, principal.TenantId, principal.KeyId, "/v1/console-sessions");
        });
        tenant.MapGet("/", async (HttpContext context, ConsoleSessionStore sessions) => await ListAsync(sessions, context.Tenant().TenantId));
        tenant.MapDelete("/", async (HttpContext context, ConsoleSessionStore sessions) =>
            Results.Ok(new { revoked = await sessions.RevokeAllAsync(context.Tenant().TenantId) }));
        tenant.MapDelete("/{sessionId}", async (HttpContext context, string sessionId, ConsoleSessionStore sessions) =>
            await sessions.RevokeAsync(context.Tenant().TenantId, sessionId) ? Results.NoContent() : Problem.NotFound("console session"));

        var admin = app.MapGroup("/admin/tenants/{tenantId}/console-sessions").RequireAdmin();
        admin.MapPost("/", async (HttpContext context, string tenantId, TenantStore tenants, ConsoleSessionStore sessions, IOptions<ConsoleOptions> options) =>
            await tenants.GetAsync(tenantId) is null
                ? Problem.NotFound("tenant")
                : await IssueAsync(context, sessions, options.Value, tenantId, ConsoleSessionStore.AdminIssuer, $"/admin/tenants/{tenantId}/console-sessions"));
        admin.MapGet("/", async (string tenantId, TenantStore tenants, ConsoleSessionStore sessions) =>
            await tenants.GetAsync(tenantId) is null ? Problem.NotFound("tenant") : await ListAsync(sessions, tenantId));
        admin.MapDelete("/", async (string tenantId, ConsoleSessionStore sessions) =>
            Results.Ok(new { revoked = await sessions.RevokeAllAsync(tenantId) }));
        admin.MapDelete("/{sessionId}", async (string tenantId, string sessionId, ConsoleSessionStore sessions) =>
            await sessions.RevokeAsync(tenantId, sessionId) ? Results.NoContent() : Problem.NotFound("console session"));

        // The browser's side: exchange a link for the cookie, read the current session, sign out.
        var browser = app.MapGroup("/console/session");
        browser.MapPost("/", async (HttpContext context, ConsoleSessionStore sessions, TenantStore tenants) =>
        {
            // JSON only: a cross-site HTML form cannot send it, so another site cannot sign a browser into its tenant.
            var (document, error) = await RequestJson.ReadObjectAsync(context.Request, 4096);
            if (error is not null)
            {
                return error;
            }

            using var _ = document;
            if (RequestJson.RefuseUnknownFields(document!.RootElement, "a console link", ["token"]) is { } unknown)
            {
                return unknown;
            }

            var token = document.RootElement.TryGetProperty("token", out var t) && t.ValueKind == System.Text.Json.JsonValueKind.String ? t.GetString() : null;
            if (token is null || await sessions.OpenAsync(token) is not { } opened)
            {
                return Problem.Unauthorized("This console link has expired, was already used, or is not valid. Ask for a new one with POST /v1/console-sessions.");
            }

            ConsoleCookie.Set(context, opened.CookieValue, opened.Session.ExpiresAt);
            return Results.Ok(await SessionViewAsync(opened.Session, tenants));
        });
        browser.MapGet("/", async (HttpContext context, TenantStore tenants) =>
            Results.Ok(await SessionViewAsync(ConsoleSessionMiddleware.Session(context)!, tenants)))
            .RequireAuthorization(GatewayAuthentication.ConsolePolicy);
        browser.MapDelete("/", async (HttpContext context, ConsoleSessionStore sessions) =>
        {
            var session = ConsoleSessionMiddleware.Session(context)!;
            await sessions.RevokeAsync(session.TenantId, session.Id);
            ConsoleCookie.Clear(context);
            return Results.NoContent();
        }).RequireAuthorization(GatewayAuthentication.ConsolePolicy);

        return app;
    }

    private static async Task<IResult> IssueAsync(HttpContext context, ConsoleSessionStore sessions, ConsoleOptions options, string tenantId, string createdBy, string location)
    {
        if (LinkBase(context, options) is not { } baseUrl)
        {
            return Problem.BadRequest("Console links are built from Console:PublicUrl, or from a request whose host is one of Console:AllowedHosts; this request's host is neither. Ask the operator to set Console:PublicUrl.");
        }

        var link = await sessions.CreateLinkAsync(tenantId, createdBy);
        // The token rides in the fragment: browsers never send it to a server, so it stays out of access logs and Referer.
        return Results.Created(location, new { id = link.Id, url = $"{baseUrl}/console/open#token={link.Token}", expiresAt = link.ExpiresAt });
    }

    /// <summary>
    /// Where links point: the configured public URL, else this request's scheme and host when the host is allowed. A
    /// client's own <c>Host</c> header must never choose where a link (and its token) goes.
    /// </summary>
    private static string? LinkBase(HttpContext context, ConsoleOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicUrl))
        {
            return options.PublicUrl.TrimEnd('/');
        }

        var request = context.Request;
        return request.Host.HasValue && options.LinkHosts.Contains(request.Host.Host, StringComparer.OrdinalIgnoreCase)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : null;
    }

    private static async Task<IResult> ListAsync(ConsoleSessionStore sessions, string tenantId) => Results.Ok(new
    {
        data = (await sessions.ListAsync(tenantId)).Select(View),
        links = (await sessions.ListLinksAsync(tenantId)).Select(l => new { l.Id, l.TenantId, l.CreatedBy, l.CreatedAt, l.ExpiresAt }),
    });

    private static object View(ConsoleSession session) =>
        new { session.Id, session.TenantId, session.CreatedBy, session.CreatedAt, session.ExpiresAt };

    private static async Task<object> SessionViewAsync(ConsoleSession session, TenantStore tenants) => new
    {
        session.Id,
        session.TenantId,
        tenantName = (await tenants.GetAsync(session.TenantId))?.Name,
        session.ExpiresAt,
        csrfToken = session.CsrfToken,
    };
}
