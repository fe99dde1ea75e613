using System.Text.Json;
using System.Text.Json.Serialization;

// The event shapes, together because they are read as one catalog.
namespace Gateway.Client.Events;

/// <param name="Endpoints">The ids of the endpoints it is queued for.</param>
public sealed record EventAccepted(string Id, string EventType, IReadOnlyList<string> Endpoints)
{
    /// <summary>True when an earlier request with the same <c>Idempotency-Key</c> had already accepted it (read from <c>Idempotent-Replayed</c>).</summary>
    [JsonIgnore]
    public bool Replayed { get; init; }
}

public sealed record BatchResult(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results);

/// <summary>One event of a batch: 202 with its id, or an error status with the problem's title, detail and errors.</summary>
public sealed record BatchItemResult(int Index, int Status, string? Id, string? EventType, IReadOnlyList<string>? Endpoints, string? Title, string? Detail, IReadOnlyList<FieldError>? Errors)
{
    /// <summary>True when an earlier batch with the same <c>Idempotency-Key</c> had already accepted this event.</summary>
    public bool? Replayed { get; init; }
}

/// <param name="TraceId">The OpenTelemetry trace of the request that sent the event and of every attempt; null when tracing was off.</param>
public sealed record EventView(string Id, string EventType, DateTimeOffset ReceivedAt, JsonElement Payload, IReadOnlyList<DeliveryState> Deliveries, string? TraceId = null);

/// <param name="State">At least <c>status</c>: pending, in_flight, delivered or dead_lettered.</param>
public sealed record DeliveryState(string EndpointId, string MessageId, JsonElement State);
