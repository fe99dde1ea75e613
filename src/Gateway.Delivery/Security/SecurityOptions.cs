namespace Gateway.Delivery.Security;

/// <summary>Where endpoints may point, bound from the <c>Security</c> section.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Allow endpoint URLs on loopback and private networks (development and tests). <value>false</value></summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Allow plain-http endpoint URLs. <value>false</value></summary>
    public bool AllowHttp { get; set; }
}
