using Gateway.Delivery.Endpoints;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Turns an event's stored body into the bytes one endpoint is sent (signed as sent). The engine knows nothing of the
/// events' content; the host supplies what its endpoints' options ask for (the order API caps <c>order.items</c>).
/// </summary>
public interface IPayloadShaper
{
    ReadOnlyMemory<byte> Shape(WebhookEndpoint endpoint, ReadOnlyMemory<byte> storedBody);
}

/// <summary>The engine on its own sends every endpoint the body as it was accepted.</summary>
internal sealed class UnchangedPayload : IPayloadShaper
{
    public ReadOnlyMemory<byte> Shape(WebhookEndpoint endpoint, ReadOnlyMemory<byte> storedBody) => storedBody;
}
