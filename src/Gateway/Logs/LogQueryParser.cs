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
                "filtered" or "blocked" => LogStates.Filtered, // "blocked" is the seed's word, still accepted
                _ => LogStates.None,
            };
            if (name.ToLowerInvariant() is not ("pending" or "sent" or "failed" or "filtered" or "blocked"))
            {
                errors.Add(new FieldError("/state", $"unknown state '{name}': use pending, sent, failed or filtered (comma-separated for several)."));
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

    /// <summary>Adds the lookup filters of <c>GET /v1/logs</c> (<c>eventId</c>, <c>messageId</c>, <c>status</c>) to
    /// <paramref name="query"/>, or says what is wrong with each, by its pointer.</summary>
    public static (LogQuery? Query, IReadOnlyList<FieldError> Errors) WithLookup(LogQuery query, string? eventId, string? messageId, string? status)
    {
        var errors = new List<FieldError>();
        if (eventId is not null && !Gateway.Delivery.Storage.RedisKeys.TryShardOf(eventId, out _))
        {
            errors.Add(new FieldError("/eventId", "eventId must be an event id (evt_…) as POST /v1/events answered it."));
        }

        if (messageId is not null && !IsMessageId(messageId))
        {
            errors.Add(new FieldError("/messageId", "messageId must be a message id (msg_…), the webhook-id a subscriber received."));
        }

        int code = 0;
        if (status is not null && (!int.TryParse(status, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out code) || code is < 100 or > 599))
        {
            errors.Add(new FieldError("/status", "status must be an HTTP status code from 100 to 599."));
        }

        return errors.Count > 0
            ? (null, errors)
            : (query with { EventId = eventId, MessageId = messageId, StatusCode = status is null ? null : code }, errors);
    }

    /// <summary>
    /// Checks an order lookup (<c>objectId</c>): an order id of 1 to <see cref="OrderIndex.MaxObjectIdLength"/> characters,
    /// narrowed only by <c>endpointId</c>, <c>from</c> and <c>to</c>: the answer is the order's whole timeline, not a page of
    /// entries, so the listing's other filters are refused by their pointers.
    /// </summary>
    public static IReadOnlyList<FieldError> CheckOrderLookup(string objectId, IEnumerable<(string Name, string? Value)> others)
    {
        var errors = new List<FieldError>();
        if (objectId.Length is 0 or > OrderIndex.MaxObjectIdLength)
        {
            errors.Add(new FieldError("/objectId", $"objectId must be an order id (the events' objectId) of 1 to {OrderIndex.MaxObjectIdLength} characters."));
        }

        foreach (var (name, value) in others)
        {
            if (value is not null)
            {
                errors.Add(new FieldError("/" + name, $"{name} cannot be combined with objectId, which answers the order's whole timeline; narrow it with endpointId, from and to."));
            }
        }

        return errors;
    }

    /// <summary>The endpoint id's first 8 characters after <c>ep_</c> that a message id ends with.</summary>
    public static string EndpointPartOf(string messageId) => messageId[^8..];

    // msg_ + the event id without evt_ (22 characters) + 8 characters of the endpoint id: see Ids.Message.
    private static bool IsMessageId(string value) =>
        value.Length == 34 && value.StartsWith("msg_", StringComparison.Ordinal) && value.AsSpan(4).ToString().All(char.IsAsciiLetterOrDigit);
}
