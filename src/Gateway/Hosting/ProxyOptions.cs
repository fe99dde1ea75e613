namespace Gateway.Hosting;

/// <summary>
/// The reverse proxies (the edge, an ingress, a load balancer) whose <c>X-Forwarded-For/-Proto/-Host</c> the gateway
/// believes, bound from the <c>ForwardedHeaders</c> section. Empty (the default), no forwarded header is believed:
/// a client could otherwise claim https, or any host, by sending the headers itself.
/// </summary>
public sealed class ProxyOptions
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of trusted proxies, e.g. <c>10.0.0.7</c>. <value>none</value></summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. <c>10.0.0.0/8</c>. <value>none</value></summary>
    public string[] KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in front of the gateway append to <c>X-Forwarded-For</c>. <value>1</value></summary>
    public int ForwardLimit { get; set; } = 1;

    public bool Any => KnownProxies.Length > 0 || KnownNetworks.Length > 0;
}
