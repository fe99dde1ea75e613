using Gateway.Delivery.Logs;
using Gateway.Problems;

namespace Gateway.Logs;

/// <summary>Reads the query string of the log listings into a <see cref="LogQuery"/>.</summary>
internal static class LogQueryParser
{
    /// <summary>Validates the query string of <c>GET /v1/logs</c>; every error carries a pointer to its parameter.</summary>
    public static (LogQuery? Query, IReadOnlyList<FieldError> Errors) Parse(string? state, string? eventType, string? from, string? to, string? limit, string? cursor)
    {
        var errors = new List<FieldError>();
        var states = LogStates.None;
        foreach (var name in (state ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            states |= name.ToLowerInvariant() switch
            {
                "pending" => LogStates.Pending,
                "sent" => LogStates.Sent,
                "failed" => LogStates.Failed,
                "blocked" or "filtered" => LogStates.Blocked,
                _ => LogStates.None,
            };
            if (name.ToLowerInvariant() is not ("pending" or "sent" or "failed" or "blocked" or "filtered"))
            {
                errors.Add(new FieldError("/state", $"unknown state '{name}': use pending, sent, failed or blocked (comma-separated for several)."));
            }
        }

        if (eventType is { Length: 0 or > 200 })
        {
            errors.Add(new FieldError("/eventType", "eventType must be an event type such as order.completed, or a pattern such as order.*."));
        }

        var fromTime = StatsRangeParser.ParseTime(from, "/from", errors);
        var toTime = StatsRangeParser.ParseTime(to, "/to", errors);
        if (fromTime is not null && toTime is not null && fromTime >= toTime)
        {
            errors.Add(new FieldError("/from", "from must be before to."));
        }

        var take = LogQuery.DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out take) || take is < 1 or > LogQuery.MaxLimit))
        {
            errors.Add(new FieldError("/limit", $"limit must be a whole number from 1 to {LogQuery.MaxLimit}."));
        }

        LogCursor? position = null;
        if (cursor is not null && (position = LogCursor.Decode(cursor)) is null)
        {
            errors.Add(new FieldError("/cursor", "cursor must be a nextCursor value returned by this API."));
        }

        return errors.Count > 0
            ? (null, errors)
            : (new LogQuery(states == LogStates.None ? LogStates.All : states, eventType, fromTime?.ToUnixTimeMilliseconds(), toTime?.ToUnixTimeMilliseconds(), take, position), errors);
    }
}
