using System.Text.RegularExpressions;
using NJsonSchema;

namespace Gateway.Schemas;

/// <summary>One <c>patternProperties</c> entry: property names matching <see cref="Regex"/> must match <see cref="Schema"/>.</summary>
internal sealed record PatternProperty(Regex Regex, JsonSchema Schema);
