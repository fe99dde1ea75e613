namespace Gateway.Delivery.Logs;

/// <summary>What a log listing asks for; times are Unix ms, <see cref="ToMs"/> exclusive.</summary>
public sealed record LogQuery(LogStates States, string? EventType, long? FromMs, long? ToMs, int Limit, LogCursor? Cursor)
{
    public const int DefaultLimit = 50;

    public const int MaxLimit = 500;
}
