namespace Gateway.Filters;

/// <summary>At least one child must pass; when none does, the <c>or</c> as a whole is the rejecting rule.</summary>
internal sealed class OrNode(FilterNode[] children) : FilterNode(FilterText.Join("any of", children))
{
    public override FilterNode? Reject(ref EventContext context)
    {
        foreach (var child in children)
        {
            if (child.Reject(ref context) is null)
            {
                return null;
            }
        }

        return this;
    }
}
