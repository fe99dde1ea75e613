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
        foreach (var schema in SchemaTree.All(root))
        {
            if (schema.ExtensionData is { } extensions && extensions.TryGetValue("const", out var value) && schema.Enumeration.Count == 0)
            {
                schema.Enumeration.Add(value);
            }
        }
    }
}
