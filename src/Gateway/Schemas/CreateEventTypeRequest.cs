using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Problems;

namespace Gateway.Schemas;

/// <summary>A tenant's own event type with the JSON Schema its events must satisfy.</summary>
/// <param name="Name"><c>{subject}.{type}</c>, e.g. <c>invoice.paid</c>; not a built-in type.</param>
public sealed partial record CreateEventTypeRequest(string? Name, string? Description, JsonElement? Schema) : IJsonRequest<CreateEventTypeRequest>
{
    private const string NameRule = "name is '<subject>.<type>' of letters, digits, '_' or '-', e.g. 'invoice.paid'.";

    public static string InvalidDetail => NameRule;

    // Only the name: a built-in name is a 409 before the schema is looked at, and the schema's checks (required,
    // within bounds, compiles) run in the handler after that.
    public IEnumerable<FieldError> Validate()
    {
        if (Name?.Trim() is not { Length: > 0 } name || !TypeName().IsMatch(name))
        {
            yield return new FieldError("/name", NameRule);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}(\\.[A-Za-z0-9_-]{1,64}){1,3}$")]
    private static partial Regex TypeName();
}
