using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Queue;

namespace Gateway.Delivery.Logs;

/// <summary>One entry read from a source (attempt log, filtered log or queue), with its position in the listing's order.</summary>
internal sealed record LogItem(long AtMs, string Key, string EndpointId)
{
    public AttemptRecord? Attempt { get; init; }

    public FilteredLogEntry? Filtered { get; init; }

    public (string MessageId, QueuedMessage Message)? Pending { get; init; }

    public LogEntry ToEntry(string? status = null, DateTimeOffset? nextAttemptAt = null)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(AtMs);
        if (Attempt is { } a)
        {
            return new LogEntry(a.Outcome == "success" ? "sent" : "failed", at, EndpointId, a.EventId, a.EventType)
            {
                MessageId = a.MessageId, Attempt = a.Attempt, Outcome = a.Outcome, StatusCode = a.StatusCode,
                DurationMs = a.DurationMs, Error = a.Error, Response = a.Response,
            };
        }

        if (Filtered is { } b)
        {
            return new LogEntry("filtered", at, EndpointId, b.EventId, b.EventType) { ObjectId = b.ObjectId, Rule = b.Rule };
        }

        var (messageId, message) = Pending!.Value;
        return new LogEntry("pending", at, EndpointId, message.EventId, message.EventType)
        {
            MessageId = messageId, Status = status, Attempts = message.Attempts, NextAttemptAt = nextAttemptAt,
        };
    }
}
