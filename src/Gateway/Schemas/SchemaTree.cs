using NJsonSchema;

namespace Gateway.Schemas;

/// <summary>Every schema object reachable from a loaded schema, each once (references and recursion included).</summary>
internal static class SchemaTree
{
    public static List<JsonSchema> All(JsonSchema root)
    {
        var seen = new HashSet<JsonSchema>(ReferenceEqualityComparer.Instance);
        var all = new List<JsonSchema>();
        var pending = new Stack<JsonSchema>();
        pending.Push(root);
        while (pending.TryPop(out var schema))
        {
            if (!seen.Add(schema))
            {
                continue;
            }

            all.Add(schema);
            foreach (var child in Children(schema))
            {
                pending.Push(child);
            }
        }

        return all;
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
