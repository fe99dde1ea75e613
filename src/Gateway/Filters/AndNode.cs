namespace Gateway.Filters;

/// <summary>Every child must pass (<c>and</c>, or several keys in one filter object).</summary>
internal sealed class AndNode(FilterNode[] children) : FilterNode(FilterText.Join("all of", children))
{
    public override FilterNode? Reject(ref EventContext context)
    {
        foreach (var child in children)
        {
            if (child.Reject(ref context) is { } rejected)
            {
                return rejected;
            }
        }

        return null;
    }
}
