namespace Gateway.Delivery.Storage;

/// <summary>The store, bound from the <c>Redis</c> section.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string. <value>Empty: start a local server under <c>.data/</c>.</value></summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of every key this gateway writes. <value><c>gw</c></value></summary>
    public string KeyPrefix { get; set; } = "gw";
}
