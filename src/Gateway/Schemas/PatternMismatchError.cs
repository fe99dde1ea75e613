using NJsonSchema;
using NJsonSchema.Validation;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>A string that does not match its schema's <c>pattern</c>, which <see cref="PatternKeywords"/> took out of the schema.</summary>
internal sealed class PatternMismatchError(string pattern, string? propertyName, string? path, JToken token, JsonSchema schema)
    : ValidationError(ValidationErrorKind.PatternMismatch, propertyName, path, token, schema)
{
    public string Pattern { get; } = pattern;
}
