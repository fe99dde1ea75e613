namespace Gateway.Filters;

/// <summary>The empty filter <c>{}</c>: every event passes.</summary>
internal sealed class MatchAllNode() : FilterNode("all events")
{
    public override FilterNode? Reject(ref EventContext context) => null;
}
