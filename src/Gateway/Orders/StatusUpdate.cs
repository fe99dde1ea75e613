using Gateway.Ingestion;

namespace Gateway.Orders;

/// <summary>The result of one status request: the store's answer and, when it was applied and notified, the emitted event.</summary>
/// <param name="RefusedEvent">Set when the change was applied but ingestion refused the event (it should never happen: the gateway builds the event).</param>
public sealed record StatusUpdate(StatusChangeResult Change, string? EventId = null, IngestResult? RefusedEvent = null);
