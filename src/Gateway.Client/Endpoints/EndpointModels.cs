using System.Text.Json;
using System.Text.Json.Nodes;

// The endpoint shapes, together because they are read as one catalog.
namespace Gateway.Client.Endpoints;

/// <summary>A new endpoint. <see cref="Filter"/> is the gateway's filter language, e.g. <c>{"$orderTotal":{"gt":100}}</c>.</summary>
public sealed record EndpointRequest(string? Url, IReadOnlyList<string> EventTypes)
{
    public string? Description { get; init; }

    public JsonNode? Filter { get; init; }

    /// <summary>A <c>whsec_</c> secret; generated when not given.</summary>
    public string? Secret { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public int? DelaySeconds { get; init; }

    public int? MaxOrderItems { get; init; }

    public int? MaxInFlight { get; init; }

    /// <summary>At most this many delivery attempts a second (1 to 10,000); null: no limit.</summary>
    public int? RateLimit { get; init; }

    public Ordering? Ordering { get; init; }

    /// <summary><c>v1</c> (HMAC-SHA256, the default) or <c>v1a</c> (Ed25519: the answer holds the <c>whpk_</c> public key).</summary>
    public string? SignatureScheme { get; init; }

    /// <summary>Custom headers whose values are secret (stored encrypted, never shown again).</summary>
    public IReadOnlyDictionary<string, string>? SecretHeaders { get; init; }

    /// <summary>Send the W3C <c>traceparent</c> of each attempt to the endpoint.</summary>
    public bool? SendTraceContext { get; init; }

    /// <summary><c>http</c> (the default), <c>email</c> or <c>rabbitmq</c>; the other kinds send a null <see cref="Url"/>.</summary>
    public string? Kind { get; init; }

    public EmailSettings? Email { get; init; }

    [System.Text.Json.Serialization.JsonPropertyName("rabbitmq")]
    public RabbitMqSettings? RabbitMq { get; init; }
}

/// <summary>An e-mail endpoint's message: addresses or JSON pointers into the event, Liquid templates over it.</summary>
public sealed record EmailSettings(string From, IReadOnlyList<string> To, string Subject)
{
    public IReadOnlyList<string>? Cc { get; init; }

    public IReadOnlyList<string>? Bcc { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }
}

/// <summary>A RabbitMQ endpoint's broker, exchange and routing key (<c>{type}</c>, <c>{objectId}</c> placeholders).</summary>
public sealed record RabbitMqSettings(string Url, string Exchange, string RoutingKey);

/// <summary>Changes to an endpoint: only the fields set are sent.</summary>
public sealed record EndpointUpdate
{
    public string? Url { get; init; }

    public IReadOnlyList<string>? EventTypes { get; init; }

    public string? Description { get; init; }

    public JsonNode? Filter { get; init; }

    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    public int? DelaySeconds { get; init; }

    public int? MaxOrderItems { get; init; }

    public int? MaxInFlight { get; init; }

    /// <summary>A new rate limit (attempts a second); null leaves it as it is.</summary>
    public int? RateLimit { get; init; }

    public bool? Disabled { get; init; }

    public Ordering? Ordering { get; init; }

    /// <summary>A change of scheme signs with both the old and the new key during the overlap.</summary>
    public string? SignatureScheme { get; init; }

    public IReadOnlyDictionary<string, string>? SecretHeaders { get; init; }

    public bool? SendTraceContext { get; init; }

    /// <summary>New message settings of an e-mail endpoint, replacing the old ones whole (a kind never changes).</summary>
    public EmailSettings? Email { get; init; }

    /// <summary>A new broker, exchange and routing key of a RabbitMQ endpoint, replacing the old ones whole.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("rabbitmq")]
    public RabbitMqSettings? RabbitMq { get; init; }
}

/// <summary>Draft e-mail settings to render, over the example of <see cref="EventType"/> or over <see cref="Payload"/>.</summary>
public sealed record EmailPreviewRequest(EmailSettings Email)
{
    public string? EventType { get; init; }

    /// <summary>An event document to render instead of the type's example.</summary>
    public JsonNode? Payload { get; init; }

    /// <summary>The item cap the endpoint would have ("limit products visible").</summary>
    public int? MaxOrderItems { get; init; }
}

/// <summary>What to render an e-mail endpoint's preview over; everything optional (default: the first type it takes).</summary>
public sealed record EndpointPreviewRequest
{
    public string? EventType { get; init; }

    public JsonNode? Payload { get; init; }

    /// <summary>Draft settings to render instead of the stored ones.</summary>
    public EmailSettings? Email { get; init; }
}

/// <summary>The e-mail one event makes: recipients resolved (Bcc is only in the envelope when sent), templates rendered. Nothing is sent.</summary>
public sealed record EmailPreview(
    string? EventType, string From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string Subject, string? Text, string? Html);

/// <summary>In-order delivery per key (<c>objectId</c> by default); <see cref="OnExhausted"/> is <c>skip</c> or <c>pause</c>.</summary>
public sealed record Ordering(string? Key = null, string? OnExhausted = null);

public sealed record Endpoint(
    string Id, string Url, string? Description, IReadOnlyList<string> EventTypes, JsonElement? Filter, string? Secret,
    IReadOnlyDictionary<string, string>? Headers, int DelaySeconds, int? MaxOrderItems, int? MaxInFlight, bool Disabled, string? DisabledReason,
    DateTimeOffset? DisabledAt, DateTimeOffset? SecretRotating, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, Ordering? Ordering,
    string SignatureScheme = "v1", string? PublicKey = null, IReadOnlyList<string>? SecretHeaders = null, bool SendTraceContext = false)
{
    /// <summary>At most this many delivery attempts a second; null: no limit.</summary>
    public int? RateLimit { get; init; }

    /// <summary><c>http</c>, <c>email</c> or <c>rabbitmq</c>.</summary>
    public string Kind { get; init; } = "http";

    public EmailSettings? Email { get; init; }

    /// <summary>The broker, shown without its credentials.</summary>
    [System.Text.Json.Serialization.JsonPropertyName("rabbitmq")]
    public RabbitMqSettings? RabbitMq { get; init; }
}

/// <summary>A v1 endpoint's <c>whsec_</c> secret, or a v1a endpoint's <c>whpk_</c> public key.</summary>
public sealed record SecretView(string SignatureScheme, string? Secret, string? PublicKey);

public sealed record SecretRotated(string? Secret, string? PublicKey, DateTimeOffset PreviousSecretExpiresAt);

public sealed record EndpointHealth(bool Disabled, string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? FailingSince, bool? BreakerOpen);

public sealed record TestEventResult(string EventId, string EventType, string? MessageId, bool Queued, string? FilteredBy);

public sealed record OrderingGroups(Ordering? Ordering, long Groups, long Blocked, IReadOnlyList<BlockedGroup> Data);

/// <param name="State">retrying (its head waits for its next attempt) or paused (its head is a dead letter).</param>
public sealed record BlockedGroup(string Key, string State, string HeadMessageId, int Attempts, DateTimeOffset BlockedSince, double WaitingSeconds, long Waiting);

/// <summary>A recovery of an endpoint's failed messages: what it found, queued again, and could not recover (listed).</summary>
public sealed record Recovery(
    string Id, string EndpointId, DateTimeOffset Since, DateTimeOffset? Until, bool Done, long Found, long Queued,
    long NotRecoverable, IReadOnlyList<string> NotRecoverableIds, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt);
