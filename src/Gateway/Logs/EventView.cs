using System.Text.Json;

namespace Gateway.Logs;

/// <summary>An event as <c>GET /v1/events/{eventId}</c> shows it: the document accepted and its state at each endpoint it went to.</summary>
/// <param name="TraceId">The OpenTelemetry trace of the request that sent the event and of every attempt; null when tracing was off.</param>
public sealed record EventView(string Id, string EventType, DateTimeOffset ReceivedAt, JsonElement Payload, string? TraceId, IReadOnlyList<DeliveryState> Deliveries);

/// <summary>Where one event stands at one endpoint.</summary>
/// <param name="MessageId">The delivery's webhook-id.</param>
public sealed record DeliveryState(string EndpointId, string MessageId, DeliveryStatus State);

/// <summary>A delivery's state; the fields besides <paramref name="Status"/> are those the status has.</summary>
/// <param name="Status">pending, in_flight, delivered or dead_lettered.</param>
/// <param name="Attempts">Attempts made so far (pending, in_flight, dead_lettered).</param>
/// <param name="NextAttemptAt">When a pending delivery is next tried.</param>
/// <param name="LastStatus">The HTTP status of a dead letter's last attempt, if it got one.</param>
/// <param name="LastError">Why a dead letter's last attempt failed.</param>
public sealed record DeliveryStatus(string Status, int? Attempts = null, DateTimeOffset? NextAttemptAt = null, int? LastStatus = null, string? LastError = null);
