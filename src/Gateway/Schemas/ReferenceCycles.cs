using System.Text.Json;

namespace Gateway.Schemas;

/// <summary>
/// Finds schemas that apply to themselves without descending into the document: <c>{"$ref": "#"}</c>, two
/// definitions referring to each other, or a definition reached again through <c>anyOf</c>/<c>allOf</c>/
/// <c>oneOf</c>/<c>not</c>. NJsonSchema loads those, then throws on every event ("Cyclic references detected")
/// or recurses until the process dies of a stack overflow. Recursion through <c>properties</c> or <c>items</c>
/// (a tree of nodes) is fine: each step goes one level deeper into a finite document.
/// </summary>
internal static class ReferenceCycles
{
    private static readonly string[] SameValueArrays = ["allOf", "anyOf", "oneOf"];
    private static readonly string[] ChildMaps = ["properties", "definitions", "$defs", "patternProperties"];
    private static readonly string[] ChildSchemas = ["additionalProperties", "additionalItems", "not"];

    public static IReadOnlyList<SchemaError> Find(JsonElement root)
    {
        // Edges between schema objects (by pointer) that validate the same value: $ref, allOf/anyOf/oneOf, not.
        var edges = new Dictionary<string, List<(string Target, string Via)>>(StringComparer.Ordinal);
        Collect(root, root, "", edges);

        var problems = new List<SchemaError>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path; true: done.
        foreach (var start in edges.Keys)
        {
            Visit(start, edges, state, problems);
        }

        return problems;
    }

    private static void Visit(string node, Dictionary<string, List<(string Target, string Via)>> edges, Dictionary<string, bool> state, List<SchemaError> problems)
    {
        if (state.ContainsKey(node))
        {
            return;
        }

        state[node] = false;
        foreach (var (target, via) in edges.GetValueOrDefault(node) ?? [])
        {
            if (state.TryGetValue(target, out var done))
            {
                if (!done)
                {
                    problems.Add(new(via, "This reference loops back to a schema that contains it without going deeper into the document, so no value could ever be checked against it."));
                }
            }
            else
            {
                Visit(target, edges, state, problems);
            }
        }

        state[node] = true;
    }

    private static void Collect(JsonElement root, JsonElement schema, string path, Dictionary<string, List<(string, string)>> edges)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var own = edges[path] = [];
        foreach (var keyword in schema.EnumerateObject())
        {
            var keywordPath = $"{path}/{JsonPointer.Escape(keyword.Name)}";
            var value = keyword.Value;
            switch (keyword.Name)
            {
                case "$ref" when value.ValueKind == JsonValueKind.String && Resolve(root, value.GetString()!) is { } target:
                    own.Add((target, keywordPath));
                    break;
                case var name when SameValueArrays.Contains(name) && value.ValueKind == JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        var itemPath = $"{keywordPath}/{index++}";
                        own.Add((itemPath, itemPath));
                        Collect(root, item, itemPath, edges);
                    }

                    break;
                case "not":
                    own.Add((keywordPath, keywordPath));
                    Collect(root, value, keywordPath, edges);
                    break;
                case var name when ChildMaps.Contains(name) && value.ValueKind == JsonValueKind.Object:
                    foreach (var entry in value.EnumerateObject())
                    {
                        Collect(root, entry.Value, $"{keywordPath}/{JsonPointer.Escape(entry.Name)}", edges);
                    }

                    break;
                case "items" when value.ValueKind == JsonValueKind.Array:
                    var position = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Collect(root, item, $"{keywordPath}/{position++}", edges);
                    }

                    break;
                case var name when name == "items" || ChildSchemas.Contains(name):
                    Collect(root, value, keywordPath, edges);
                    break;
            }
        }
    }

    /// <summary>The pointer of the schema a local <c>$ref</c> names, normalised to the form <see cref="Collect"/> uses; null when it names nothing.</summary>
    private static string? Resolve(JsonElement root, string reference)
    {
        if (!reference.StartsWith('#'))
        {
            return null;
        }

        var current = root;
        var normalised = new System.Text.StringBuilder();
        var fragment = Uri.UnescapeDataString(reference[1..]);
        if (fragment.Length == 0)
        {
            return "";
        }

        if (!fragment.StartsWith('/'))
        {
            return null;
        }

        foreach (var token in fragment[1..].Split('/'))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(name, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }

            normalised.Append('/').Append(JsonPointer.Escape(name));
        }

        return normalised.ToString();
    }
}
