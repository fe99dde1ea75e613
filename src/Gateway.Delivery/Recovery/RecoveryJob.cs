namespace Gateway.Delivery.Recovery;

/// <summary>One recovery handed to <see cref="RecoveryRunner"/>.</summary>
public sealed record RecoveryJob(string TenantId, string EndpointId, string RecoveryId, RecoveryWindow Window);
