using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Delivery.Ordering;
using Gateway.Delivery.Signing;

namespace Gateway.Delivery.Endpoints;

/// <summary>A subscriber endpoint of one tenant, as stored in Redis.</summary>
public sealed record WebhookEndpoint
{
    public required string Id { get; init; }

    public required string TenantId { get; init; }

    /// <summary>The URL a delivery is POSTed to; for other kinds a description of the destination without credentials
    /// (<c>mailto:…</c>, the broker URL) that lists and logs show.</summary>
    public required string Url { get; init; }

    /// <summary>Where messages go; only the send step differs per kind.</summary>
    /// <value><see cref="DestinationKind.Http"/>.</value>
    public DestinationKind Kind { get; init; }

    /// <summary>The e-mail settings of an <see cref="DestinationKind.Email"/> endpoint.</summary>
    public EmailDestination? Email { get; init; }

    /// <summary>The broker settings of a <see cref="DestinationKind.RabbitMq"/> endpoint.</summary>
    public RabbitMqDestination? RabbitMq { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<string> EventTypes { get; init; }

    /// <summary>The content filter as the tenant wrote it (see docs/filters.md).</summary>
    public JsonElement? Filter { get; init; }

    /// <summary>
    /// The signing secret as stored: encrypted (<c>enc:1:…</c>, see <see cref="Secrets.EndpointSecrets"/>) around a
    /// <c>whsec_</c> secret (<c>v1</c>) or a <c>whsk_</c> private key (<c>v1a</c>); plain text only in records written
    /// before encryption, until they are re-encrypted.
    /// </summary>
    public required string Secret { get; init; }

    /// <summary>The secret before the last rotation, stored as <see cref="Secret"/>; it keeps signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    /// <summary>How deliveries are signed with <see cref="Secret"/>.</summary>
    /// <value><see cref="SignatureScheme.V1"/>.</value>
    public SignatureScheme SignatureScheme { get; init; }

    /// <summary>The <c>whpk_</c> public key of a <c>v1a</c> endpoint (not secret; shown to the tenant).</summary>
    public string? PublicKey { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Custom headers whose values are secret (e.g. <c>Authorization</c>): values stored encrypted, never shown again.</summary>
    public IReadOnlyDictionary<string, string>? SecretHeaders { get; init; }

    /// <summary>Whether deliveries carry the W3C <c>traceparent</c> of their attempt (off: nothing about traces leaks to subscribers unasked).</summary>
    public bool SendTraceContext { get; init; }

    /// <summary>Wait this long after ingestion before the first attempt.</summary>
    public int DelaySeconds { get; init; }

    /// <summary>Cap on the <c>order.items</c> array delivered ("limit products visible"). Stored under its first name,
    /// <c>maxItems</c>, so endpoints saved before the rename keep their cap.</summary>
    [JsonPropertyName("maxItems")]
    public int? MaxOrderItems { get; init; }

    /// <summary>Per-endpoint in-flight cap; null uses <c>Delivery:MaxInFlightPerEndpoint</c>.</summary>
    public int? MaxInFlight { get; init; }

    /// <summary>At most this many delivery attempts a second, across every worker (the endpoint's Redis slot holds the
    /// bucket; see Queue/Lua/lib/throttle.lua for the burst); null: no limit.</summary>
    public int? RateLimit { get; init; }

    /// <summary>Ordered delivery per group of events (see docs/ordering.md); null delivers without ordering.</summary>
    public OrderingSettings? Ordering { get; init; }

    public bool Disabled { get; init; }

    public string? DisabledReason { get; init; }

    public DateTimeOffset? DisabledAt { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The stored secrets that sign a delivery made at <paramref name="now"/>: the current one, and the previous while it overlaps.</summary>
    public IEnumerable<string> ActiveSecrets(DateTimeOffset now)
    {
        yield return Secret;
        if (PreviousSecret is not null && PreviousSecretExpiresAt > now)
        {
            yield return PreviousSecret;
        }
    }

    [JsonIgnore]
    public bool Enabled => !Disabled;
}
