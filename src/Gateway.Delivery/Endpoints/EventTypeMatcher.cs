namespace Gateway.Delivery.Endpoints;

/// <summary>Event-type subscriptions: exact names, <c>subject.*</c> and <c>*</c> (every type but the operational ones).</summary>
public static class EventTypeMatcher
{
    public static bool Matches(string pattern, string eventType)
    {
        if (pattern == "*")
        {
            // Operational events go only where they were asked for by name or subject (see OperationalEventTypes).
            return !Operations.OperationalEventTypes.IsOperational(eventType);
        }

        if (pattern.EndsWith(".*", StringComparison.Ordinal))
        {
            var prefixLength = pattern.Length - 1; // keeps the dot
            return eventType.Length > prefixLength && eventType.AsSpan(0, prefixLength).SequenceEqual(pattern.AsSpan(0, prefixLength));
        }

        return string.Equals(pattern, eventType, StringComparison.Ordinal);
    }

    public static bool MatchesAny(IReadOnlyList<string> patterns, string eventType)
    {
        for (var i = 0; i < patterns.Count; i++)
        {
            if (Matches(patterns[i], eventType))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsWildcard(string pattern) => pattern == "*" || pattern.EndsWith(".*", StringComparison.Ordinal);

    /// <summary>True when some known type matches the pattern (a wildcard must not subscribe to nothing).</summary>
    public static bool MatchesSome(string pattern, IEnumerable<string> knownTypes) => knownTypes.Any(t => Matches(pattern, t));
}
