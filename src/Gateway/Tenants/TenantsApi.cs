using Gateway.Console;
using Gateway.Problems;

namespace Gateway.Tenants;

/// <summary>The admin API (tenants and their keys) and a tenant's own key management.</summary>
public static class TenantsApi
{
    public static IEndpointRouteBuilder MapTenants(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/tenants").RequireAdmin();

        admin.MapPost("/", async (HttpContext context, TenantStore tenants) =>
        {
            var (request, error) = await RequestJson.ReadAsync<CreateTenantRequest>(context.Request, 64 * 1024);
            if (error is not null)
            {
                return error;
            }

            var name = request?.Name?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 200)
            {
                return Problem.Validation("/name", "name is required and at most 200 characters.");
            }

            var (tenant, apiKey) = await tenants.CreateAsync(name);
            return Results.Created($"/admin/tenants/{tenant.Id}", new { tenant.Id, tenant.Name, apiKey, tenant.CreatedAt });
        });

        admin.MapGet("/", async (TenantStore tenants) =>
        {
            var result = new List<Tenant>();
            foreach (var id in await tenants.ListIdsAsync())
            {
                if (await tenants.GetAsync(id) is { } tenant)
                {
                    result.Add(tenant);
                }
            }

            return Results.Ok(new { data = result.OrderBy(t => t.CreatedAt) });
        });

        admin.MapGet("/{tenantId}", async (string tenantId, TenantStore tenants) =>
            await tenants.GetAsync(tenantId) is { } tenant ? Results.Ok(tenant) : Problem.NotFound("tenant"));

        admin.MapPost("/{tenantId}/keys", async (HttpContext context, string tenantId, TenantStore tenants) =>
        {
            var (request, error) = await OptionalJsonBody.ReadAsync<CreateKeyRequest>(context.Request);
            return error ?? await IssueKeyAsync(tenantId, request?.Scope, tenants, allowAdmin: true);
        });

        admin.MapGet("/{tenantId}/keys", async (string tenantId, TenantStore tenants) =>
            await tenants.GetAsync(tenantId) is null ? Problem.NotFound("tenant") : Results.Ok(new { data = PublicKeys(await tenants.ListKeysAsync(tenantId)) }));

        admin.MapDelete("/{tenantId}/keys/{keyId}", (string tenantId, string keyId, TenantStore tenants, ConsoleSessionStore consoles) =>
            RevokeKeyAsync(tenantId, keyId, tenants, consoles));

        // A tenant rotates its own keys: issue a new one, then revoke the old one.
        var self = app.MapGroup("/v1/keys").RequireTenant();
        self.MapPost("/", async (HttpContext context, TenantStore tenants) =>
        {
            var (request, error) = await OptionalJsonBody.ReadAsync<CreateKeyRequest>(context.Request);
            return error ?? await IssueKeyAsync(context.Tenant().TenantId, request?.Scope, tenants, allowAdmin: context.Tenant().IsAdmin);
        });
        self.MapGet("/", async (HttpContext context, TenantStore tenants) =>
            Results.Ok(new { data = PublicKeys(await tenants.ListKeysAsync(context.Tenant().TenantId)) }));
        self.MapDelete("/{keyId}", (HttpContext context, string keyId, TenantStore tenants, ConsoleSessionStore consoles) =>
            RevokeKeyAsync(context.Tenant().TenantId, keyId, tenants, consoles));

        return app;
    }

    // A key's console links and sessions end with it: otherwise a stolen key, once revoked, lives on as a 12-hour
    // session opened from a link it left behind.
    private static async Task<IResult> RevokeKeyAsync(string tenantId, string keyId, TenantStore tenants, ConsoleSessionStore consoles)
    {
        if (!await tenants.RevokeKeyAsync(tenantId, keyId))
        {
            return Problem.NotFound("key");
        }

        await consoles.RevokeIssuedByAsync(tenantId, keyId);
        return Results.NoContent();
    }

    private static async Task<IResult> IssueKeyAsync(string tenantId, string? scope, TenantStore tenants, bool allowAdmin)
    {
        scope ??= "tenant";
        if (scope is not ("tenant" or TenantPrincipal.AdminScope))
        {
            return Problem.Validation("/scope", "scope is 'tenant' or 'admin'.");
        }

        if (scope == TenantPrincipal.AdminScope && !allowAdmin)
        {
            return Problem.Forbidden("Only the operator or an admin-scoped key can issue an admin-scoped key.");
        }

        if (await tenants.GetAsync(tenantId) is null)
        {
            return Problem.NotFound("tenant");
        }

        var (record, apiKey) = await tenants.IssueKeyAsync(tenantId, scope);
        return Results.Created($"/v1/keys/{record.KeyId}", new { record.KeyId, apiKey, record.Scope, record.CreatedAt });
    }

    private static IEnumerable<object> PublicKeys(IEnumerable<ApiKeyRecord> keys) =>
        keys.Select(k => new { k.KeyId, k.Scope, k.CreatedAt, k.RevokedAt });
}
