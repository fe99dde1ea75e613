namespace Gateway.Endpoints;

/// <param name="BreakerOpen">This process's circuit breaker for the endpoint; null in a process that runs no workers.</param>
public sealed record EndpointHealthView(bool Disabled, string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? FailingSince, bool? BreakerOpen);
