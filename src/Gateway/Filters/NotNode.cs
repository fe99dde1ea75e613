namespace Gateway.Filters;

/// <summary>Passes when its child rejects the event.</summary>
internal sealed class NotNode(FilterNode child) : FilterNode(FilterText.Truncate("not (" + child.Description + ")"))
{
    public override FilterNode? Reject(ref EventContext context) => child.Reject(ref context) is null ? this : null;
}
