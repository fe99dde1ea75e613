using System.Text.RegularExpressions;
using Gateway.Security;
using NJsonSchema;

namespace Gateway.Schemas;

/// <summary>
/// NJsonSchema matches <c>pattern</c> and <c>patternProperties</c> with the static, backtracking
/// <c>Regex.IsMatch</c> and no timeout, so a tenant's <c>^(a+)+$</c> made one event cost seconds of CPU. This takes
/// both keywords out of the loaded model, so NJsonSchema never sees them, and hands them to
/// <see cref="LinearTimeSchemaValidator"/> compiled by <see cref="TenantRegex"/>.
/// </summary>
internal static class PatternKeywords
{
    /// <exception cref="SchemaDefinitionException">A pattern cannot run in linear time (the checker refuses those first).</exception>
    public static Dictionary<JsonSchema, PatternRules> TakeOver(JsonSchema root)
    {
        var rules = new Dictionary<JsonSchema, PatternRules>(ReferenceEqualityComparer.Instance);
        foreach (var schema in SchemaTree.All(root))
        {
            var pattern = string.IsNullOrEmpty(schema.Pattern) ? null : Create(schema.Pattern);
            if (pattern is null && schema.PatternProperties.Count == 0)
            {
                continue;
            }

            var patternProperties = schema.PatternProperties.Select(p => new PatternProperty(Create(p.Key), p.Value)).ToArray();
            rules[schema] = new PatternRules(pattern, schema.Pattern, patternProperties, schema.AllowAdditionalProperties, schema.AdditionalPropertiesSchema);
            schema.Pattern = null;
            if (patternProperties.Length > 0)
            {
                schema.PatternProperties.Clear();
                schema.AdditionalPropertiesSchema = null;
                schema.AllowAdditionalProperties = true;
            }
        }

        return rules;
    }

    private static Regex Create(string pattern) =>
        TenantRegex.TryCreate(pattern, RegexOptions.None, out var regex, out var error)
            ? regex
            : throw new SchemaDefinitionException(error);
}
