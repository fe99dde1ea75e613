namespace Gateway.Delivery.Metrics;

/// <summary>Label choices of the gateway's metrics, bound from the <c>Metrics</c> section.</summary>
public sealed class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary>
    /// Adds an <c>endpoint</c> label to per-endpoint series. Off by default: series grow with
    /// tenants × endpoints, which is unbounded for a large deployment.
    /// <value>false</value>
    /// </summary>
    public bool PerEndpointLabels { get; set; }
}
