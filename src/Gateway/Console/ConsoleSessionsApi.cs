using Gateway.ApiDocs;
using Gateway.Authentication;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
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
        var tenant = app.MapGroup("/v1/console-sessions").RequireTenant().WithTags("Console sessions");
        tenant.MapPost("/", CreateLinkAsync)
            .WithSummary("Create a single-use console link (1 h); opening it starts a browser session (≤ 12 h).")
            .ProducesProblems(StatusCodes.Status400BadRequest);
        tenant.MapGet("/", ListAsync)
            .WithSummary("List the tenant's live console sessions.");
        tenant.MapDelete("/", RevokeAllAsync)
            .WithSummary("Revoke every console session of the tenant.");
        tenant.MapDelete("/{sessionId}", RevokeAsync)
            .WithSummary("Revoke one console session.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        var admin = app.MapGroup("/admin/tenants/{tenantId}/console-sessions").RequireAdmin().WithTags("Console sessions");
        admin.MapPost("/", CreateLinkForTenantAsync)
            .WithSummary("Open a console link for any tenant.")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status404NotFound);
        admin.MapGet("/", ListForTenantAsync)
            .WithSummary("List a tenant's live console sessions.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        admin.MapDelete("/", RevokeAllForTenantAsync)
            .WithSummary("Revoke every console session of a tenant.");
        admin.MapDelete("/{sessionId}", RevokeForTenantAsync)
            .WithSummary("Revoke one console session.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        // The browser's side: exchange a link for the cookie, read the current session, sign out.
        // The link's body is JSON only (IJsonRequest answers 415 to anything else): a cross-site HTML form cannot send
        // it, so another site cannot sign a browser into its tenant.
        var browser = app.MapGroup("/console/session").WithTags("Console sessions");
        browser.MapPost("/", OpenAsync)
            .WithSummary("Exchange a console link's token for the session cookie (the console's page does this).")
            .ProducesProblems(StatusCodes.Status401Unauthorized);
        browser.MapGet("/", CurrentAsync)
            .WithSummary("The current console session and its CSRF token.")
            .RequireAuthorization(GatewayAuthentication.ConsolePolicy);
        browser.MapDelete("/", SignOutAsync)
            .WithSummary("Sign out: end the current console session.")
            .ProducesProblems(StatusCodes.Status403Forbidden) // without its CSRF token
            .RequireAuthorization(GatewayAuthentication.ConsolePolicy);

        return app;
    }

    private static Task<Results<Created<ConsoleLinkView>, ProblemHttpResult>> CreateLinkAsync(
        HttpContext context, ConsoleSessionStore sessions, IOptions<ConsoleOptions> options)
    {
        var principal = context.Tenant();
        return IssueAsync(context, sessions, options.Value, principal.TenantId, principal.KeyId, "/v1/console-sessions");
    }

    private static async Task<Ok<ConsoleSessionList>> ListAsync(HttpContext context, ConsoleSessionStore sessions) =>
        TypedResults.Ok(await SessionsAsync(sessions, context.Tenant().TenantId));

    private static async Task<Ok<RevokedView>> RevokeAllAsync(HttpContext context, ConsoleSessionStore sessions) =>
        TypedResults.Ok(new RevokedView(await sessions.RevokeAllAsync(context.Tenant().TenantId)));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeAsync(HttpContext context, string sessionId, ConsoleSessionStore sessions) =>
        await sessions.RevokeAsync(context.Tenant().TenantId, sessionId) ? TypedResults.NoContent() : Problem.NotFound("console session");

    private static async Task<Results<Created<ConsoleLinkView>, ProblemHttpResult>> CreateLinkForTenantAsync(
        HttpContext context, string tenantId, TenantStore tenants, ConsoleSessionStore sessions, IOptions<ConsoleOptions> options) =>
        await tenants.GetAsync(tenantId) is null
            ? Problem.NotFound("tenant")
            : await IssueAsync(context, sessions, options.Value, tenantId, ConsoleSessionStore.AdminIssuer, $"/admin/tenants/{tenantId}/console-sessions");

    private static async Task<Results<Ok<ConsoleSessionList>, ProblemHttpResult>> ListForTenantAsync(string tenantId, TenantStore tenants, ConsoleSessionStore sessions) =>
        await tenants.GetAsync(tenantId) is null ? Problem.NotFound("tenant") : TypedResults.Ok(await SessionsAsync(sessions, tenantId));

    private static async Task<Ok<RevokedView>> RevokeAllForTenantAsync(string tenantId, ConsoleSessionStore sessions) =>
        TypedResults.Ok(new RevokedView(await sessions.RevokeAllAsync(tenantId)));

    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeForTenantAsync(string tenantId, string sessionId, ConsoleSessionStore sessions) =>
        await sessions.RevokeAsync(tenantId, sessionId) ? TypedResults.NoContent() : Problem.NotFound("console session");

    private static async Task<Results<Ok<CurrentSessionView>, ProblemHttpResult>> OpenAsync(
        HttpContext context, OpenLinkRequest request, ConsoleSessionStore sessions, TenantStore tenants)
    {
        // A missing token reads as null: it is no valid link, like a forged one.
        if (request.Token is not { } token || await sessions.OpenAsync(token) is not { } opened)
        {
            return Problem.Unauthorized("This console link has expired, was already used, or is not valid. Ask for a new one with POST /v1/console-sessions.");
        }

        ConsoleCookie.Set(context, opened.CookieValue, opened.Session.ExpiresAt);
        return TypedResults.Ok(await SessionViewAsync(opened.Session, tenants));
    }

    private static async Task<Ok<CurrentSessionView>> CurrentAsync(HttpContext context, TenantStore tenants) =>
        TypedResults.Ok(await SessionViewAsync(ConsoleSessionMiddleware.Session(context)!, tenants));

    private static async Task<NoContent> SignOutAsync(HttpContext context, ConsoleSessionStore sessions)
    {
        var session = ConsoleSessionMiddleware.Session(context)!;
        await sessions.RevokeAsync(session.TenantId, session.Id);
        ConsoleCookie.Clear(context);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<ConsoleLinkView>, ProblemHttpResult>> IssueAsync(
        HttpContext context, ConsoleSessionStore sessions, ConsoleOptions options, string tenantId, string createdBy, string location)
    {
        if (LinkBase(context, options) is not { } baseUrl)
        {
            return Problem.BadRequest("Console links are built from Console:PublicUrl, or from a request whose host is one of Console:AllowedHosts; this request's host is neither. Ask the operator to set Console:PublicUrl.");
        }

        var link = await sessions.CreateLinkAsync(tenantId, createdBy);
        // The token rides in the fragment: browsers never send it to a server, so it stays out of access logs and Referer.
        return TypedResults.Created(location, new ConsoleLinkView(link.Id, $"{baseUrl}/console/open#token={link.Token}", link.ExpiresAt));
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

    private static async Task<ConsoleSessionList> SessionsAsync(ConsoleSessionStore sessions, string tenantId) =>
        new([.. (await sessions.ListAsync(tenantId)).Select(ConsoleSessionView.Of)], await sessions.ListLinksAsync(tenantId));

    private static async Task<CurrentSessionView> SessionViewAsync(ConsoleSession session, TenantStore tenants) =>
        new(session.Id, session.TenantId, (await tenants.GetAsync(session.TenantId))?.Name, session.ExpiresAt, session.CsrfToken);
}
