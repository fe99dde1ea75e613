namespace Gateway.Delivery.DeadLetters;

/// <summary>A message that used up its attempts, with what it was and how it last failed.</summary>
/// <param name="Group">The ordered group it belonged to at its endpoint (see docs/ordering.md); null when unordered.</param>
/// <param name="TraceParent">The W3C trace context of the event's accept (tracing on), so a replay joins its trace.</param>
public sealed record DeadLetter(
    string Id, string EndpointId, string EventId, string EventType, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset FirstAttemptAt, DateTimeOffset LastAttemptAt, DateTimeOffset DeadAt, long IngestedMs, int Shard, string Body, string? Group = null,
    string? TraceParent = null)
{
    /// <summary>The id of the trace the event and its attempts belong to; null when tracing was off.</summary>
    public string? TraceId => Tracing.GatewayTracing.TraceIdOf(TraceParent);
}
