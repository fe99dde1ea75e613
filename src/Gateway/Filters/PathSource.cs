using System.Text;
using System.Text.Json;

namespace Gateway.Filters;

/// <summary>
/// A dotted path. Arrays met on the way, and at the end, are walked element by element: the path's values are the
/// values found through any element (<c>order.items.productCode</c> is every item's product code).
/// </summary>
internal sealed class PathSource : ValueSource
{
    private readonly byte[][] _segments;

    public PathSource(string text, IEnumerable<string> segments)
        : base(text)
    {
        _segments = segments.Select(Encoding.UTF8.GetBytes).ToArray();
    }

    public override bool Any(ref EventContext context, ValuePredicate predicate) => Walk(context.Root, 0, predicate);

    private bool Walk(JsonElement element, int segment, ValuePredicate predicate)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (Walk(item, segment, predicate))
                {
                    return true;
                }
            }

            return false;
        }

        if (segment == _segments.Length)
        {
            return predicate.Test(element);
        }

        return element.ValueKind == JsonValueKind.Object
            && element.TryGetProperty(_segments[segment], out var child)
            && Walk(child, segment + 1, predicate);
    }
}
