using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Endpoints;

namespace Gateway.Delivery.Operations;

/// <summary>The engine on its own tells no one; the gateway host registers its operational events instead.</summary>
internal sealed class NoOperationalNotices : IOperationalNotices
{
    public Task EndpointDisabledAsync(WebhookEndpoint endpoint, string trigger, string reason, DateTimeOffset at) => Task.CompletedTask;

    public Task EndpointFailingAsync(WebhookEndpoint endpoint, DateTimeOffset failingSince, int? lastStatus, string? lastError, long window, DateTimeOffset at) => Task.CompletedTask;

    public Task MessageExhaustedAsync(WebhookEndpoint endpoint, DeadLetter letter) => Task.CompletedTask;

    public Task EndpointRecoveredAsync(WebhookEndpoint endpoint, Recovery.RecoveryProgress progress) => Task.CompletedTask;
}
