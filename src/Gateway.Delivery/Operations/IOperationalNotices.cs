using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Endpoints;

namespace Gateway.Delivery.Operations;

/// <summary>
/// Where the engine reports what a tenant must be told about (the host turns each into an operational event
/// delivered to the tenant's endpoints subscribed to it). Implementations never throw for a store outage: a notice
/// must not fail the delivery that caused it.
/// </summary>
public interface IOperationalNotices
{
    /// <summary>The endpoint was disabled; <paramref name="trigger"/> is <c>gone</c>, <c>failing</c> or <c>manual</c>.</summary>
    Task EndpointDisabledAsync(WebhookEndpoint endpoint, string trigger, string reason, DateTimeOffset at);

    /// <summary>The endpoint's circuit breaker has stayed open since <paramref name="failingSince"/>, longer than
    /// <c>Delivery:FailingNoticeAfter</c>; <paramref name="window"/> numbers the <c>Delivery:FailingNoticeInterval</c>
    /// this notice is for (one per endpoint per window, across processes).</summary>
    Task EndpointFailingAsync(WebhookEndpoint endpoint, DateTimeOffset failingSince, int? lastStatus, string? lastError, long window, DateTimeOffset at);

    /// <summary>A message was dead-lettered (attempts exhausted, or the endpoint is gone).</summary>
    Task MessageExhaustedAsync(WebhookEndpoint endpoint, DeadLetter letter);

    /// <summary>A recovery of the endpoint's failed messages finished (<c>POST /v1/endpoints/{id}/recover</c>).</summary>
    Task EndpointRecoveredAsync(WebhookEndpoint endpoint, Recovery.RecoveryProgress progress);
}
