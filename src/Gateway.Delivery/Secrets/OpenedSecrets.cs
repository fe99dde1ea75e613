using Gateway.Delivery.Signing;

namespace Gateway.Delivery.Secrets;

/// <summary>An endpoint's secrets opened for delivery: its signing keys and its secret headers' values. Held in memory only.</summary>
public sealed record OpenedSecrets(SigningKey Current, SigningKey? Previous, IReadOnlyList<KeyValuePair<string, string>> SecretHeaders)
{
    /// <summary>A RabbitMQ endpoint's broker URL, credentials included.</summary>
    public string? BrokerUrl { get; init; }
}
