using NJsonSchema;

namespace Gateway.Schemas;

/// <summary>
/// NJsonSchema (still 11.6.2) keeps <c>const</c> as unknown extension data and never checks it. A one-value
/// <c>enum</c> means the same, so every <c>const</c> becomes one (the checker refuses const next to enum).
/// </summary>
internal static class ConstKeyword
{
    public static void ApplyAsEnum(JsonSchema root)
    {
        var seen = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<JsonSchema>();
        pending.Push(root);
        while (pending.TryPop(out var schema))
        {
            if (!seen.Add(schema))
            {
                continue;
            }

            if (schema.ExtensionData is { } extensions && extensions.TryGetValue("const", out var value) && schema.Enumeration.Count == 0)
            {
                schema.Enumeration.Add(value);
            }

            foreach (var child in Children(schema))
            {
                pending.Push(child);
            }
        }
    }

    private static IEnumerable<JsonSchema> Children(JsonSchema schema)
    {
        IEnumerable<JsonSchema?> all =
        [
            .. schema.Properties.Values, .. schema.PatternProperties.Values, .. schema.Definitions.Values,
            .. schema.Items, .. schema.AllOf, .. schema.AnyOf, .. schema.OneOf,
            schema.Item, schema.Not, schema.AdditionalPropertiesSchema, schema.AdditionalItemsSchema, schema.Reference,
        ];
        return all.OfType<JsonSchema>();
    }
}
