using System.Globalization;
using Gateway.Delivery.Logs;
using Gateway.Problems;

namespace Gateway.Logs;

/// <summary>Reads <c>from</c>, <c>to</c> and <c>granularity</c> of the stats APIs into a <see cref="StatsRange"/>.</summary>
internal static class StatsRangeParser
{
    /// <summary>Parses <c>from</c>, <c>to</c> and <c>granularity</c>; defaults: the last 7 days up to the end of the current bucket, by day.</summary>
    public static (StatsRange? Range, IReadOnlyList<FieldError> Errors) Parse(string? from, string? to, string? granularity, DateTimeOffset now)
    {
        var errors = new List<FieldError>();
        var unit = Granularity.Day;
        if (granularity is not null)
        {
            if (string.Equals(granularity, "hour", StringComparison.OrdinalIgnoreCase))
            {
                unit = Granularity.Hour;
            }
            else if (!string.Equals(granularity, "day", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add(new FieldError("/granularity", "granularity must be 'hour' or 'day'."));
            }
        }

        var fromTime = ParseTime(from, "/from", errors);
        var toTime = ParseTime(to, "/to", errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var step = unit == Granularity.Hour ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var end = toTime is { } t ? StatsRange.Ceil(t, step) : StatsRange.Floor(now, step) + step;
        var start = fromTime is { } f ? StatsRange.Floor(f, step) : end - StatsRange.DefaultSpan;
        if (fromTime is not null && toTime is not null && fromTime >= toTime)
        {
            errors.Add(new FieldError("/from", "from must be before to."));
        }
        else if (start >= end)
        {
            errors.Add(new FieldError(fromTime is null ? "/to" : "/from", "the range is empty: from must be before to."));
        }
        else if ((end - start).Ticks / step.Ticks > StatsRange.MaxBuckets)
        {
            errors.Add(new FieldError("/from", $"the range holds more than {StatsRange.MaxBuckets} {unit.ToString().ToLowerInvariant()} buckets; narrow it or use a coarser granularity."));
        }

        return errors.Count > 0 ? (null, errors) : (new StatsRange(start, end, unit), errors);
    }

    /// <summary>Parses an optional RFC 3339 / ISO 8601 time (a bare date is midnight UTC).</summary>
    internal static DateTimeOffset? ParseTime(string? value, string path, List<FieldError> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            && parsed.Year is >= 1970 and < 9999)
        {
            return parsed;
        }

        errors.Add(new FieldError(path, $"{path[1..]} must be an ISO 8601 date or time, e.g. 2026-01-31 or 2026-01-31T12:00:00Z."));
        return null;
    }

}
