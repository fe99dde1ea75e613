using Gateway.Problems;

namespace Gateway.Tenants;

/// <summary>The optional body of issuing a key; no body issues a tenant-scoped key.</summary>
/// <param name="Scope">tenant (default) or admin.</param>
public sealed record CreateKeyRequest(string? Scope) : IJsonRequest<CreateKeyRequest>
{
    private const string ScopeRule = "scope is 'tenant' or 'admin'.";

    public static bool BodyIsOptional => true;

    public static string InvalidDetail => ScopeRule;

    public static long MaxBytes => 64 * 1024;

    public IEnumerable<FieldError> Validate()
    {
        if (Scope is not (null or "tenant" or TenantPrincipal.AdminScope))
        {
            yield return new FieldError("/scope", ScopeRule);
        }
    }
}
