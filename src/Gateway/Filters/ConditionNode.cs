namespace Gateway.Filters;

/// <summary>
/// One operator applied to the values at one path. Positive operators pass when any value satisfies the predicate;
/// negated ones (<c>ne</c>, <c>nin</c>, <c>nlike</c>, <c>exists: false</c>) pass when none does, including when the path is absent.
/// </summary>
internal sealed class ConditionNode(ValueSource source, ValuePredicate predicate, bool negated, string description) : FilterNode(description)
{
    public override FilterNode? Reject(ref EventContext context) =>
        source.Any(ref context, predicate) != negated ? null : this;
}
