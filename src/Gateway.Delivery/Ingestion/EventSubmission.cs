using Gateway.Delivery.Endpoints;

namespace Gateway.Delivery.Ingestion;

/// <summary>A validated event and the endpoints whose rules took it, ready to be accepted.</summary>
/// <param name="BodyHash">SHA-256 of the body when an <paramref name="IdempotencyKey"/> is given (a reused key must come with the same body).</param>
/// <param name="Groups">Per target endpoint id, the event's ordered group there (see <see cref="Ordering.GroupKey"/>); a
/// target missing from it gets the event unordered.</param>
public sealed record EventSubmission(
    string TenantId, string EventType, ReadOnlyMemory<byte> Body, string? IdempotencyKey, string BodyHash, IReadOnlyList<WebhookEndpoint> Targets,
    IReadOnlyDictionary<string, string>? Groups = null);
