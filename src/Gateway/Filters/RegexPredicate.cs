using System.Text.RegularExpressions;

namespace Gateway.Filters;

/// <summary><c>regex</c>: a .NET regular expression searched in string values. A match that times out counts as no match.</summary>
internal sealed class RegexPredicate(Regex regex) : ValuePredicate
{
    /// <summary>How long one match may run before it counts as no match.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(50);

    public override bool TestString(ReadOnlySpan<char> value)
    {
        try
        {
            return regex.IsMatch(value);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
