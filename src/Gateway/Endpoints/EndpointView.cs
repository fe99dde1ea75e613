using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Ordering;

namespace Gateway.Endpoints;

/// <summary>An endpoint as the API shows it: never a stored (encrypted) value, never a private key or a secret header's value.</summary>
/// <param name="RabbitMq">The broker without its credentials (they are stored sealed, like secret headers).</param>
/// <param name="Secret">The plain <c>whsec_</c> secret, only in the answer that created it.</param>
/// <param name="SecretHeaders">The names of the secret headers, never their values.</param>
/// <param name="SecretRotating">While the secret before the last rotation still signs: when it stops.</param>
public sealed record EndpointView(
    string Id, string Url, string Kind, EndpointEmail? Email, [property: JsonPropertyName("rabbitmq")] EndpointRabbitMq? RabbitMq,
    string? Description, IReadOnlyList<string> EventTypes, JsonElement? Filter, string? Secret, string SignatureScheme, string? PublicKey,
    IReadOnlyDictionary<string, string>? Headers, IReadOnlyList<string>? SecretHeaders, bool SendTraceContext, int DelaySeconds,
    int? MaxOrderItems, int? MaxInFlight, int? RateLimit, OrderingSettings? Ordering, bool Disabled, string? DisabledReason,
    DateTimeOffset? DisabledAt, DateTimeOffset? SecretRotating, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>The view of <paramref name="endpoint"/>; <paramref name="secret"/> only in the answer that created it.</summary>
    public static EndpointView Of(WebhookEndpoint endpoint, string? secret = null) => new(
        endpoint.Id,
        endpoint.Url,
        DestinationInput.KindName(endpoint.Kind),
        endpoint.Email is { } email ? EndpointEmail.Of(email) : null,
        endpoint.RabbitMq is { } rabbit ? new EndpointRabbitMq(endpoint.Url, rabbit.Exchange, rabbit.RoutingKey) : null,
        endpoint.Description,
        endpoint.EventTypes,
        endpoint.Filter,
        secret,
        endpoint.SignatureScheme == Delivery.Signing.SignatureScheme.V1a ? "v1a" : "v1",
        endpoint.PublicKey,
        endpoint.Headers,
        endpoint.SecretHeaders?.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray(),
        endpoint.SendTraceContext,
        endpoint.DelaySeconds,
        endpoint.MaxOrderItems,
        endpoint.MaxInFlight,
        endpoint.RateLimit,
        endpoint.Ordering,
        endpoint.Disabled,
        endpoint.DisabledReason,
        endpoint.DisabledAt,
        endpoint.PreviousSecret is not null ? endpoint.PreviousSecretExpiresAt : null,
        endpoint.CreatedAt,
        endpoint.UpdatedAt);
}
