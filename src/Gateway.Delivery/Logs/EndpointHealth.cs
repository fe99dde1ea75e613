namespace Gateway.Delivery.Logs;

/// <summary>An endpoint's last success and since when it has failed without one, as the settles record them.</summary>
public sealed record EndpointHealth(DateTimeOffset? LastSuccessAt, DateTimeOffset? FailingSince);
