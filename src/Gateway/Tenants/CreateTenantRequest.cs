using Gateway.Problems;

namespace Gateway.Tenants;

/// <param name="Name">The tenant's display name: 1 to 200 characters once trimmed.</param>
public sealed record CreateTenantRequest(string? Name) : IJsonRequest<CreateTenantRequest>
{
    private const string NameRule = "name is required and at most 200 characters.";

    public static string InvalidDetail => NameRule;

    public static long MaxBytes => 64 * 1024;

    public IEnumerable<FieldError> Validate()
    {
        if (Name?.Trim() is not { Length: > 0 and <= 200 })
        {
            yield return new FieldError("/name", NameRule);
        }
    }
}
