namespace Gateway.Ingestion;

/// <summary>An accepted event: its id and the endpoints it is queued for.</summary>
public sealed record EventAccepted(string Id, string EventType, IReadOnlyList<string> Endpoints);
