using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Secrets;

namespace Gateway.Delivery.Dispatch;

/// <summary>One message on its way to one endpoint: the shaped body as it is signed, and what the send needs to sign it.</summary>
/// <param name="SkippedIds">Comma-separated ids of an ordered group's skipped messages, or null.</param>
public sealed record OutboundMessage(
    WebhookEndpoint Endpoint, OpenedSecrets Secrets, string MessageId, string EventType, ReadOnlyMemory<byte> Body, string? SkippedIds);
