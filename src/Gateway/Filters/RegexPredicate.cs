using System.Text.RegularExpressions;

namespace Gateway.Filters;

/// <summary>
/// <c>regex</c>: a .NET regular expression searched in string values. The regex is built by
/// <see cref="Security.TenantRegex"/> (no backtracking), so one match is linear in the value and a filter over
/// a long array is linear in the array, with no per-element timeout to add up.
/// </summary>
internal sealed class RegexPredicate(Regex regex) : ValuePredicate
{
    public override bool TestString(ReadOnlySpan<char> value) => regex.IsMatch(value);
}
