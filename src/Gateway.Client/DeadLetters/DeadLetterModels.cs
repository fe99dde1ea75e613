// The dead-letter shapes, together because they are read as one catalog.
namespace Gateway.Client.DeadLetters;

public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Data, string? NextCursor);

/// <param name="Body">The event's bytes as they were sent.</param>
/// <param name="TraceId">The OpenTelemetry trace of the event and its attempts; null when the gateway traced nothing.</param>
public sealed record DeadLetter(
    string Id, string EndpointId, string EventId, string EventType, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset FirstAttemptAt, DateTimeOffset LastAttemptAt, DateTimeOffset DeadAt, long IngestedMs, int Shard, string Body, string? Group = null,
    string? TraceParent = null, string? TraceId = null);

public sealed record ReplayResult(int Replayed, string? Id, string EndpointId);
