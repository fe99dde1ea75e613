using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Gateway.Security;

/// <summary>
/// Every regular expression a tenant supplies (schema <c>pattern</c> and <c>patternProperties</c>, the filter
/// <c>regex</c> operator) is built here, with <see cref="RegexOptions.NonBacktracking"/>: matching is linear in the
/// input, so no pattern and value pair can hold a core for seconds as <c>^(a+)+$</c> does with backtracking.
/// </summary>
public static class TenantRegex
{
    /// <summary>Builds <paramref name="pattern"/>, or says why it cannot run in linear time or is not a regular expression.</summary>
    public static bool TryCreate(string pattern, RegexOptions options, [NotNullWhen(true)] out Regex? regex, [NotNullWhen(false)] out string? error)
    {
        try
        {
            regex = new Regex(pattern, options | RegexOptions.NonBacktracking);
            error = null;
            return true;
        }
        catch (NotSupportedException e)
        {
            // Backreferences, lookarounds, atomic groups, conditionals and patterns too large to run without backtracking.
            regex = null;
            error = $"The regular expression cannot run in linear time, so it is refused: {e.Message}";
            return false;
        }
        catch (ArgumentException e)
        {
            regex = null;
            error = $"Invalid regular expression: {e.Message}";
            return false;
        }
    }
}
