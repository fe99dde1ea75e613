namespace Gateway.Delivery.Ingestion;

/// <summary>What became of a submission: accepted now, accepted earlier under the same idempotency key, or refused
/// because that key came with another body.</summary>
public sealed record AcceptOutcome(string EventId, string EventType, IReadOnlyList<string> Endpoints, AcceptStatus Status);

/// <summary>How <see cref="EventAcceptor.AcceptAsync"/> ended.</summary>
public enum AcceptStatus
{
    Accepted,
    Replayed,
    KeyReusedWithAnotherBody,
}
