using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Delivery.Ordering;

namespace Gateway.Endpoints;

/// <summary>
/// The body of a create or a change of an endpoint, as the API documents it. The body is read field by field by
/// <see cref="EndpointInput"/> (every error at once, each with its pointer), not deserialized into this record.
/// </summary>
/// <param name="RateLimit">At most this many delivery attempts a second to the endpoint, across every worker (1 to
/// 10,000; null: no limit). A burst of a tenth of it (at least 1) may go at once after a quiet spell.</param>
/// <param name="Url">The URL deliveries are POSTed to (kind http, the default); absent for the other kinds.</param>
/// <param name="Kind">http (default), email or rabbitmq; fixed once created.</param>
public sealed record EndpointRequest(
    string? Url, IReadOnlyList<string> EventTypes, string? Description = null, JsonElement? Filter = null, string? Secret = null,
    IReadOnlyDictionary<string, string>? Headers = null, int? DelaySeconds = null, int? MaxOrderItems = null, int? MaxInFlight = null, bool? Disabled = null,
    OrderingSettings? Ordering = null, string? SignatureScheme = null, IReadOnlyDictionary<string, string>? SecretHeaders = null,
    bool? SendTraceContext = null, int? RateLimit = null, string? Kind = null, EndpointEmail? Email = null, [property: JsonPropertyName("rabbitmq")] EndpointRabbitMq? RabbitMq = null);
