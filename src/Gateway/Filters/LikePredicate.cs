namespace Gateway.Filters;

/// <summary><c>like</c> (and, negated, <c>nlike</c>): a string value matches one of several case-insensitive <c>*</c> wildcard patterns.</summary>
internal sealed class LikePredicate(GlobPattern[] patterns) : ValuePredicate
{
    public override bool TestString(ReadOnlySpan<char> value)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }
}
