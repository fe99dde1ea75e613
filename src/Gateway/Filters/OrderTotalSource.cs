namespace Gateway.Filters;

/// <summary><c>$orderTotal</c>: see <see cref="OrderTotal"/>.</summary>
internal sealed class OrderTotalSource() : ValueSource(ComputedFields.OrderTotal)
{
    public override bool Any(ref EventContext context, ValuePredicate predicate) =>
        context.TryGetOrderTotal(out var total) && predicate.TestNumber(total);
}
