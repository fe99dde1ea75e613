namespace Gateway.Filters;

/// <summary>Where a condition's values come from: a dotted path into the event, or a computed field.</summary>
internal abstract class ValueSource(string text)
{
    /// <summary>The path as written in the filter, e.g. <c>order.customer.id</c> or <c>$orderTotal</c>.</summary>
    public string Text { get; } = text;

    /// <summary>True when at least one value at this source satisfies the predicate; false when there is none.</summary>
    public abstract bool Any(ref EventContext context, ValuePredicate predicate);
}
