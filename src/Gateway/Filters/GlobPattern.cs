namespace Gateway.Filters;

/// <summary>
/// A case-insensitive pattern where <c>*</c> stands for any run of characters, including none (<c>*@spam.com</c>);
/// every other character is literal. Matching is linear: the literal parts are found left to right.
/// </summary>
internal sealed class GlobPattern
{
    private readonly string[] _parts;
    private readonly bool _hasWildcard;

    public GlobPattern(string pattern)
    {
        _parts = pattern.Split('*');
        _hasWildcard = _parts.Length > 1;
    }

    public bool IsMatch(ReadOnlySpan<char> value)
    {
        if (!_hasWildcard)
        {
            return value.Equals(_parts[0], StringComparison.OrdinalIgnoreCase);
        }

        var first = _parts[0];
        var last = _parts[^1];
        if (value.Length < first.Length + last.Length
            || !value.StartsWith(first, StringComparison.OrdinalIgnoreCase)
            || !value.EndsWith(last, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // The middle parts must appear in order between the fixed prefix and suffix; taking each at its first
        // occurrence leaves the most room for the rest, so no backtracking is needed.
        var rest = value[first.Length..^last.Length];
        for (var i = 1; i < _parts.Length - 1; i++)
        {
            var at = rest.IndexOf(_parts[i], StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + _parts[i].Length)..];
        }

        return true;
    }
}
