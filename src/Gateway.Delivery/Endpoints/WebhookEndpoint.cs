using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Delivery.Ordering;

namespace Gateway.Delivery.Endpoints;

/// <summary>A subscriber endpoint of one tenant, as stored in Redis.</summary>
public sealed record WebhookEndpoint
{
    public required string Id { get; init; }

    public required string TenantId { get; init; }

    public required string Url { get; init; }

    public string? Description { get; init; }

    public required IReadOnlyList<string> EventTypes { get; init; }

    /// <summary>The content filter as the tenant wrote it (see docs/filters.md).</summary>
    public JsonElement? Filter { get; init; }

    public required string Secret { get; init; }

    /// <summary>The secret before the last rotation; it keeps signing until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; init; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>Wait this long after ingestion before the first attempt.</summary>
    public int DelaySeconds { get; init; }

    /// <summary>Cap on the <c>order.items</c> array delivered ("limit products visible").</summary>
    public int? MaxItems { get; init; }

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

    /// <summary>The secrets that sign a delivery made at <paramref name="now"/>: the current one, and the previous while it overlaps.</summary>
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
