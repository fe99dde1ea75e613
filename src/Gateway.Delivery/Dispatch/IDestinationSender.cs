using Gateway.Delivery.Endpoints;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// The one step that differs per <see cref="DestinationKind"/>: send one message, say how it went. Queue, lease, retries,
/// breaker, dead letters and logs are the same for every kind (<see cref="DeliveryProcessor"/>); a new kind is a folder
/// with one of these.
/// </summary>
public interface IDestinationSender
{
    DestinationKind Kind { get; }

    /// <summary>Sends <paramref name="message"/>; never throws for a failure of the destination (the result says it).</summary>
    Task<AttemptResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken);
}
