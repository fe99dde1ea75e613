namespace Gateway.Filters;

/// <summary>The values of several paths together, e.g. <c>$itemCodes</c> over each item's code fields.</summary>
internal sealed class UnionSource(string text, ValueSource[] sources) : ValueSource(text)
{
    public override bool Any(ref EventContext context, ValuePredicate predicate)
    {
        foreach (var source in sources)
        {
            if (source.Any(ref context, predicate))
            {
                return true;
            }
        }

        return false;
    }
}
