namespace Gateway.Filters;

/// <summary>One evaluator of a compiled filter.</summary>
internal abstract class FilterNode(string description)
{
    /// <summary>Short human text of the rule, computed at compile time so rejections cost nothing.</summary>
    public string Description { get; } = description;

    /// <summary>Null when the event passes; otherwise the node whose rule rejected it.</summary>
    public abstract FilterNode? Reject(ref EventContext context);
}
