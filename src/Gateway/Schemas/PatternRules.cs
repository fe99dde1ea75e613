using System.Text.RegularExpressions;
using NJsonSchema;

namespace Gateway.Schemas;

/// <summary>
/// The <c>pattern</c> and <c>patternProperties</c> of one schema object, taken out of NJsonSchema's model by
/// <see cref="PatternKeywords"/> and checked by <see cref="LinearTimeSchemaValidator"/> with linear-time regexes.
/// When <c>patternProperties</c> are taken, <c>additionalProperties</c> go with them: which properties are
/// "additional" depends on the patterns.
/// </summary>
internal sealed record PatternRules(
    Regex? Pattern,
    string? PatternText,
    IReadOnlyList<PatternProperty> PatternProperties,
    bool AllowAdditionalProperties,
    JsonSchema? AdditionalPropertiesSchema);
