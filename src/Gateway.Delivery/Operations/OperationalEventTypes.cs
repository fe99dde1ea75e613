namespace Gateway.Delivery.Operations;

/// <summary>
/// The event types the gateway emits itself to tell a tenant what happened to its endpoints and messages. Tenants
/// cannot send them, and <c>*</c> does not subscribe to them: an endpoint names them (or <c>endpoint.*</c>,
/// <c>message.*</c>), so existing subscribers never receive documents they did not ask for.
/// </summary>
public static class OperationalEventTypes
{
    public const string EndpointDisabled = "endpoint.disabled";

    public const string EndpointEnabled = "endpoint.enabled";

    public const string EndpointFailing = "endpoint.failing";

    public const string MessageAttemptExhausted = "message.attempt.exhausted";

    public const string EndpointRecovered = "endpoint.recovered";

    public static IReadOnlyList<string> All { get; } = [EndpointDisabled, EndpointEnabled, EndpointFailing, EndpointRecovered, MessageAttemptExhausted];

    public static bool IsOperational(string eventType) =>
        eventType is EndpointDisabled or EndpointEnabled or EndpointFailing or EndpointRecovered or MessageAttemptExhausted;
}
