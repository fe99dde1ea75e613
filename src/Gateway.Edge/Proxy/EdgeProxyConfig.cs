using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Gateway.Edge.Proxy;

/// <summary>The one route and one cluster of the edge, built from <see cref="EdgeOptions"/>.</summary>
public static class EdgeProxyConfig
{
    public const string ClusterId = "api";

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        new RouteConfig
        {
            RouteId = "gateway",
            ClusterId = ClusterId,
            Match = new RouteMatch { Path = "/{**catch-all}" },
        },
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(EdgeOptions options) =>
    [
        new ClusterConfig
        {
            ClusterId = ClusterId,
            LoadBalancingPolicy = LoadBalancingPolicies.PowerOfTwoChoices,
            HealthCheck = new HealthCheckConfig
            {
                Active = new ActiveHealthCheckConfig
                {
                    Enabled = true,
                    Interval = options.HealthCheckInterval,
                    Timeout = options.HealthCheckTimeout,
                    Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                    Path = "/readyz",
                },
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                    ReactivationPeriod = options.ReactivationPeriod,
                },
                // With every process unhealthy, keep trying them rather than answer 503 for all: one may be fine.
                AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
            },
            Metadata = new Dictionary<string, string>
            {
                // One failed probe is enough to stop routing to a process (the default waits for two).
                [ConsecutiveFailuresHealthPolicyOptions.ThresholdMetadataName] = "1",
            },
            // No retries: YARP never re-sends a request, and a POST must not be; clients retry with Idempotency-Key.
            HttpRequest = new ForwarderRequestConfig { ActivityTimeout = options.ActivityTimeout },
            Destinations = options.Destinations
                .Select((address, i) => (Id: $"api-{i + 1}", Config: new DestinationConfig { Address = address, Health = address }))
                .ToDictionary(d => d.Id, d => d.Config),
        },
    ];
}
