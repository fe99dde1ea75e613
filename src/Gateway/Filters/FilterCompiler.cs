using System.Text.Json;

namespace Gateway.Filters;

/// <summary>
/// Turns a filter document into evaluator nodes, or into the list of everything wrong with it. One instance
/// compiles one document; every error carries the JSON pointer of its place in that document.
/// </summary>
internal sealed partial class FilterCompiler
{
    public const int MaxDepth = 16;
    public const int MaxNodes = 256;
    public const int MaxListLength = 1000;
    public const int MaxPathSegments = 32;
    public const int MaxPatternLength = 1000;

    private readonly List<FilterError> _errors = [];
    private int _nodes;

    public FilterCompileResult Compile(JsonElement filter)
    {
        FilterNode? root = null;
        if (filter.ValueKind != JsonValueKind.Object)
        {
            Error("", "A filter is a JSON object, e.g. {\"order.status\": \"Shipped\"}.");
        }
        else if (IsEmpty(filter))
        {
            root = new MatchAllNode();
        }
        else
        {
            root = CompileFilter(filter, "", depth: 1);
        }

        if (_nodes > MaxNodes)
        {
            Error("", $"The filter has {_nodes} operators and combinators; at most {MaxNodes} are allowed.");
        }

        return _errors.Count == 0 && root is not null
            ? new FilterCompileResult(new EventFilter(root, _nodes), [])
            : new FilterCompileResult(null, _errors);
    }

    private FilterNode? CompileFilter(JsonElement filter, string pointer, int depth)
    {
        if (filter.ValueKind != JsonValueKind.Object)
        {
            Error(pointer, "Expected a filter object.");
            return null;
        }

        if (depth > MaxDepth)
        {
            Error(pointer, $"The filter nests deeper than {MaxDepth} levels.");
            return null;
        }

        if (IsEmpty(filter))
        {
            Error(pointer, "An empty filter object is only allowed as the whole filter, where it matches every event.");
            return null;
        }

        var parts = new List<FilterNode?>();
        foreach (var property in filter.EnumerateObject())
        {
            var at = Pointer(pointer, property.Name);
            parts.Add(property.Name switch
            {
                "and" => CompileList(property.Value, at, depth, all: true),
                "or" => CompileList(property.Value, at, depth, all: false),
                "not" => CompileNot(property.Value, at, depth),
                _ => CompileCondition(property.Name, property.Value, at),
            });
        }

        return Combine(parts);
    }

    private FilterNode? CompileList(JsonElement list, string pointer, int depth, bool all)
    {
        _nodes++;
        if (list.ValueKind != JsonValueKind.Array || list.GetArrayLength() == 0)
        {
            Error(pointer, $"\"{(all ? "and" : "or")}\" takes a non-empty array of filter objects.");
            return null;
        }

        var children = new List<FilterNode?>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            children.Add(CompileFilter(item, Pointer(pointer, Index(index++)), depth + 1));
        }

        if (children.Contains(null))
        {
            return null;
        }

        FilterNode[] nodes = [.. children!];
        return nodes.Length == 1 ? nodes[0] : all ? new AndNode(nodes) : new OrNode(nodes);
    }

    private FilterNode? CompileNot(JsonElement filter, string pointer, int depth)
    {
        _nodes++;
        var child = CompileFilter(filter, pointer, depth + 1);
        return child is null ? null : new NotNode(child);
    }

    private FilterNode? CompileCondition(string path, JsonElement condition, string pointer)
    {
        var source = CompilePath(path, pointer);
        switch (condition.ValueKind)
        {
            case JsonValueKind.Object when IsEmpty(condition):
                Error(pointer, "A condition needs at least one operator, e.g. {\"eq\": \"Shipped\"}.");
                return null;
            case JsonValueKind.Object:
                var parts = new List<FilterNode?>();
                foreach (var op in condition.EnumerateObject())
                {
                    parts.Add(CompileOperator(source, path, op.Name, op.Value, Pointer(pointer, op.Name)));
                }

                return Combine(parts);
            case JsonValueKind.Array:
                Error(pointer, "A list of values needs an operator: {\"in\": [...]}.");
                return null;
            default:
                return CompileOperator(source, path, "eq", condition, pointer);
        }
    }

    private ValueSource? CompilePath(string path, string pointer)
    {
        if (path.StartsWith('$'))
        {
            var computed = ComputedFields.Create(path);
            if (computed is null)
            {
                Error(pointer, $"Unknown computed field \"{path}\"; the computed fields are {string.Join(", ", ComputedFields.Names)}.");
            }

            return computed;
        }

        var segments = path.Split('.');
        if (segments.Any(s => s.Length == 0))
        {
            Error(pointer, $"The path \"{path}\" has an empty segment; a path is dot-separated property names, e.g. order.customer.id.");
            return null;
        }

        if (segments.Length > MaxPathSegments)
        {
            Error(pointer, $"The path \"{path}\" has more than {MaxPathSegments} segments.");
            return null;
        }

        return new PathSource(path, segments);
    }

    private static FilterNode? Combine(List<FilterNode?> parts)
    {
        if (parts.Contains(null))
        {
            return null;
        }

        return parts.Count == 1 ? parts[0] : new AndNode([.. parts!]);
    }

    private static bool IsEmpty(JsonElement obj)
    {
        using var properties = obj.EnumerateObject();
        return !properties.MoveNext();
    }

    private static string Pointer(string parent, string token) =>
        parent + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private void Error(string pointer, string message) => _errors.Add(new FilterError(pointer, message));
}
