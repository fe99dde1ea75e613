namespace Gateway.Delivery.Logs;

/// <summary>What a log listing asks for; times are Unix ms, <see cref="ToMs"/> exclusive.</summary>
public sealed record LogQuery(LogStates States, string? EventType, long? FromMs, long? ToMs, int Limit, LogCursor? Cursor)
{
    /// <summary>Only the entries of this event (<c>evt_…</c>).</summary>
    public string? EventId { get; init; }

    /// <summary>Only the entries of this message (<c>msg_…</c>, the <c>webhook-id</c>): its attempts, or it waiting.</summary>
    public string? MessageId { get; init; }

    /// <summary>Only attempts answered with this HTTP status.</summary>
    public int? StatusCode { get; init; }

    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;
}
