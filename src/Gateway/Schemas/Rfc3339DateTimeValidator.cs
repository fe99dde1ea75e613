using System.Text.RegularExpressions;
using NJsonSchema.Validation;
using NJsonSchema.Validation.FormatValidators;
using Newtonsoft.Json.Linq;

namespace Gateway.Schemas;

/// <summary>
/// <c>format: date-time</c> as JSON Schema defines it (RFC 3339 <c>date-time</c>): a date, a time and an offset.
/// NJsonSchema's own check (still in 11.6.2) accepts partial forms such as "2024-05-01", "2024" and a time without an
/// offset, and its fallback pattern does not check the calendar ("2024-02-30T10:00:00Z").
/// </summary>
internal sealed partial class Rfc3339DateTimeValidator : IFormatValidator
{
    public string Format => "date-time";

    public ValidationErrorKind ValidationErrorKind => ValidationErrorKind.DateTimeExpected;

    public bool IsValid(string value, JTokenType tokenType)
    {
        var match = Pattern().Match(value);
        if (!match.Success)
        {
            return false;
        }

        int Field(string name) => int.Parse(match.Groups[name].ValueSpan, provider: System.Globalization.CultureInfo.InvariantCulture);
        var year = Field("y");
        var month = Field("mo");
        if (year < 1 || month is < 1 or > 12 || Field("d") < 1 || Field("d") > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        // Second 60 is a leap second, which RFC 3339 allows.
        if (Field("h") > 23 || Field("mi") > 59 || Field("s") > 60)
        {
            return false;
        }

        return !match.Groups["oh"].Success || (Field("oh") <= 23 && Field("om") <= 59);
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[Tt](?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(\.\d+)?([Zz]|[+-](?<oh>\d{2}):(?<om>\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
