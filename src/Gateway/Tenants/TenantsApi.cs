using Gateway.ApiDocs;
using Gateway.Console;
using Gateway.Hosting;
using Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Tenants;

/// <summary>The admin API (tenants and their keys) and a tenant's own key management.</summary>
public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenants(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/tenants").RequireAdmin().WithTags("Admin");
        admin.MapPost("/", CreateAsync)
            .WithSummary("Create a tenant; its API key is shown once.");
        admin.MapGet("/", ListAsync)
            .WithSummary("List tenants.");
        admin.MapGet("/{tenantId}", GetAsync)
            .WithSummary("Read a tenant.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        admin.MapPost("/{tenantId}/keys", IssueForTenantAsync)
            .WithSummary("Issue a key for a tenant (scope tenant or admin).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        admin.MapGet("/{tenantId}/keys", ListForTenantAsync)
            .WithSummary("List a tenant's keys (never the keys themselves).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        admin.MapDelete("/{tenantId}/keys/{keyId}", RevokeForTenantAsync)
            .WithSummary("Revoke a tenant's key.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        // A tenant rotates its own keys: issue a new one, then revoke the old one.
        var self = app.MapGroup("/v1/keys").RequireTenant().WithTags("Keys");
        self.MapPost("/", IssueOwnAsync)
            .WithSummary("Issue a new key for the calling tenant (rotate: issue, then revoke the old).")
            .ProducesProblems(StatusCodes.Status403Forbidden);
        self.MapGet("/", ListOwnAsync)
            .WithSummary("List the tenant's keys.");
        self.MapDelete("/{keyId}", RevokeOwnAsync)
            .WithSummary("Revoke one of the tenant's keys.")
            .ProducesProblems(StatusCodes.Status404NotFound);

        return app;
    }

    private static async Task<Created<TenantCreated>> CreateAsync(CreateTenantRequest request, TenantStore tenants)
    {
        var (tenant, apiKey) = await tenants.CreateAsync(request.Name!.Trim());
        return TypedResults.Created($"/admin/tenants/{tenant.Id}", new TenantCreated(tenant.Id, tenant.Name, apiKey, tenant.CreatedAt));
    }

    private static async Task<Ok<ListOf<Tenant>>> ListAsync(TenantStore tenants)
    {
        var result = new List<Tenant>();
        foreach (var id in await tenants.ListIdsAsync())
        {
            if (await tenants.GetAsync(id) is { } tenant)
            {
                result.Add(tenant);
            }
        }

        return TypedResults.Ok(new ListOf<Tenant>([.. result.OrderBy(t => t.CreatedAt)]));
    }

    private static async Task<Results<Ok<Tenant>, ProblemHttpResult>> GetAsync(string tenantId, TenantStore tenants) =>
        await tenants.GetAsync(tenantId) is { } tenant ? TypedResults.Ok(tenant) : Problem.NotFound("tenant");

    private static Task<Results<Created<KeyIssued>, ProblemHttpResult>> IssueForTenantAsync(string tenantId, CreateKeyRequest request, TenantStore tenants) =>
        IssueKeyAsync(tenantId, request, tenants, allowAdmin: true);

    private static async Task<Results<Ok<ListOf<KeyView>>, ProblemHttpResult>> ListForTenantAsync(string tenantId, TenantStore tenants) =>
        await tenants.GetAsync(tenantId) is null ? Problem.NotFound("tenant") : TypedResults.Ok(await KeysAsync(tenantId, tenants));

    private static Task<Results<NoContent, ProblemHttpResult>> RevokeForTenantAsync(string tenantId, string keyId, TenantStore tenants, ConsoleSessionStore consoles) =>
        RevokeKeyAsync(tenantId, keyId, tenants, consoles);

    private static Task<Results<Created<KeyIssued>, ProblemHttpResult>> IssueOwnAsync(HttpContext context, CreateKeyRequest request, TenantStore tenants) =>
        IssueKeyAsync(context.Tenant().TenantId, request, tenants, allowAdmin: context.Tenant().IsAdmin);

    private static async Task<Ok<ListOf<KeyView>>> ListOwnAsync(HttpContext context, TenantStore tenants) =>
        TypedResults.Ok(await KeysAsync(context.Tenant().TenantId, tenants));

    private static Task<Results<NoContent, ProblemHttpResult>> RevokeOwnAsync(HttpContext context, string keyId, TenantStore tenants, ConsoleSessionStore consoles) =>
        RevokeKeyAsync(context.Tenant().TenantId, keyId, tenants, consoles);

    // A key's console links and sessions end with it: otherwise a stolen key, once revoked, lives on as a 12-hour
    // session opened from a link it left behind.
    private static async Task<Results<NoContent, ProblemHttpResult>> RevokeKeyAsync(string tenantId, string keyId, TenantStore tenants, ConsoleSessionStore consoles)
    {
        if (!await tenants.RevokeKeyAsync(tenantId, keyId))
        {
            return Problem.NotFound("key");
        }

        await consoles.RevokeIssuedByAsync(tenantId, keyId);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Created<KeyIssued>, ProblemHttpResult>> IssueKeyAsync(string tenantId, CreateKeyRequest request, TenantStore tenants, bool allowAdmin)
    {
        var scope = request.Scope ?? "tenant";
        if (scope == TenantPrincipal.AdminScope && !allowAdmin)
        {
            return Problem.Forbidden("Only the operator or an admin-scoped key can issue an admin-scoped key.");
        }

        if (await tenants.GetAsync(tenantId) is null)
        {
            return Problem.NotFound("tenant");
        }

        var (record, apiKey) = await tenants.IssueKeyAsync(tenantId, scope);
        return TypedResults.Created($"/v1/keys/{record.KeyId}", new KeyIssued(record.KeyId, apiKey, record.Scope, record.CreatedAt));
    }

    private static async Task<ListOf<KeyView>> KeysAsync(string tenantId, TenantStore tenants) =>
        new([.. (await tenants.ListKeysAsync(tenantId)).Select(KeyView.Of)]);
}
