using System.Text.Json;
using Gateway.Delivery.Logs;

// The request and response shapes the API documents. Handlers read bodies with their own field-by-field checks and
// answer anonymous objects, so these records exist for the OpenAPI document only; they are kept together in one
// file because they are read as one catalog, next to ApiOperations that names which route uses which.
namespace Gateway.ApiDocs;

/// <param name="RateLimit">At most this many delivery attempts a second to the endpoint, across every worker (1 to
/// 10,000; null: no limit). A burst of a tenth of it (at least 1) may go at once after a quiet spell.</param>
/// <param name="Url">The URL deliveries are POSTed to (kind http, the default); absent for the other kinds.</param>
/// <param name="Kind">http (default), email or rabbitmq; fixed once created.</param>
public sealed record EndpointRequest(
    string? Url, IReadOnlyList<string> EventTypes, string? Description = null, JsonElement? Filter = null, string? Secret = null,
    IReadOnlyDictionary<string, string>? Headers = null, int? DelaySeconds = null, int? MaxItems = null, int? MaxInFlight = null, bool? Disabled = null,
    Gateway.Delivery.Ordering.OrderingSettings? Ordering = null, string? SignatureScheme = null, IReadOnlyDictionary<string, string>? SecretHeaders = null,
    bool? SendTraceContext = null, int? RateLimit = null, string? Kind = null, EmailSettingsDoc? Email = null, [property: System.Text.Json.Serialization.JsonPropertyName("rabbitmq")] RabbitMqSettingsDoc? RabbitMq = null);

/// <summary>An e-mail endpoint's message. Each address is an address or a JSON pointer into the event (<c>/order/customer/email</c>);
/// subject, text and html are Liquid templates over the event (with neither text nor html, the ready-made order-status templates).</summary>
/// <param name="To">1 to 20 entries; cc and bcc up to 20 each, at most 50 recipients once resolved.</param>
public sealed record EmailSettingsDoc(string From, IReadOnlyList<string> To, string Subject, IReadOnlyList<string>? Cc = null, IReadOnlyList<string>? Bcc = null, string? Text = null, string? Html = null);

/// <param name="Url">amqp(s)://[user:password@]host[:port][/vhost]; answers show it without credentials.</param>
/// <param name="RoutingKey">{type} and {objectId} are replaced by the event's type and objectId.</param>
public sealed record RabbitMqSettingsDoc(string Url, string Exchange, string RoutingKey);

public sealed record EndpointView(
    string Id, string Url, string? Description, IReadOnlyList<string> EventTypes, JsonElement? Filter, string? Secret,
    IReadOnlyDictionary<string, string>? Headers, int DelaySeconds, int? MaxItems, int? MaxInFlight, bool Disabled, string? DisabledReason,
    DateTimeOffset? DisabledAt, DateTimeOffset? SecretRotating, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    Gateway.Delivery.Ordering.OrderingSettings? Ordering, string SignatureScheme, string? PublicKey, IReadOnlyList<string>? SecretHeaders,
    bool SendTraceContext, int? RateLimit, string Kind, EmailSettingsDoc? Email, [property: System.Text.Json.Serialization.JsonPropertyName("rabbitmq")] RabbitMqSettingsDoc? RabbitMq);

/// <param name="Since">Messages accepted from this RFC 3339 date-time on.</param>
/// <param name="Until">Up to this one (default: now); not before <paramref name="Since"/>.</param>
public sealed record RecoverRequest(DateTimeOffset Since, DateTimeOffset? Until = null);

public sealed record OrderingGroupsView(Gateway.Delivery.Ordering.OrderingSettings? Ordering, long Groups, long Blocked, IReadOnlyList<BlockedGroupView> Data);

/// <param name="State">retrying (its head failed and waits for its next attempt) or paused (its head is a dead letter).</param>
public sealed record BlockedGroupView(string Key, string State, string HeadMessageId, int Attempts, DateTimeOffset BlockedSince, double WaitingSeconds, long Waiting);

/// <param name="Secret">The whsec_ secret of a v1 endpoint.</param>
/// <param name="PublicKey">The whpk_ public key of a v1a endpoint (its private key is never shown).</param>
public sealed record SecretView(string SignatureScheme, string? Secret, string? PublicKey);

public sealed record SecretRotated(string? Secret, string? PublicKey, DateTimeOffset PreviousSecretExpiresAt);

public sealed record EndpointHealthView(bool Disabled, string? DisabledReason, DateTimeOffset? DisabledAt, DateTimeOffset? LastSuccessAt, DateTimeOffset? FailingSince, bool? BreakerOpen);

public sealed record TestEventRequest(string? EventType = null, JsonElement? Payload = null);

/// <param name="EventType">The type whose example is rendered; required unless a payload is given.</param>
/// <param name="Payload">An event document to render instead of the example.</param>
/// <param name="MaxItems">The item cap the endpoint would have ("limit products visible").</param>
public sealed record EmailPreviewRequest(EmailSettingsDoc Email, string? EventType = null, JsonElement? Payload = null, int? MaxItems = null);

/// <param name="EventType">The type whose example is rendered; default: the first known type the endpoint takes.</param>
/// <param name="Email">Draft settings to render instead of the stored ones (an edit not yet saved).</param>
public sealed record EndpointPreviewRequest(string? EventType = null, JsonElement? Payload = null, EmailSettingsDoc? Email = null);

/// <summary>The e-mail one event makes: the addresses resolved (Bcc only in the envelope when sent), the templates rendered.</summary>
/// <param name="EventType">The rendered event's type (null for a payload without subject and type).</param>
/// <param name="Text">The text body; null when the endpoint has only an HTML template.</param>
public sealed record EmailPreview(string? EventType, string From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string Subject, string? Text, string? Html);

public sealed record TestEventResult(string EventId, string EventType, string? MessageId, bool Queued, string? BlockedBy);

/// <summary>An event document: the envelope below plus what the JSON Schema of <c>{subject}.{type}</c> asks for.</summary>
public sealed record EventDocument(string Subject, string Type, string ObjectId, DateTimeOffset EventDate, JsonElement Order);

public sealed record BatchRequest(IReadOnlyList<EventDocument> Events);

public sealed record EventAccepted(string Id, string EventType, IReadOnlyList<string> Endpoints);

public sealed record BatchItemResult(int Index, int Status, string? Id, string? EventType, IReadOnlyList<string>? Endpoints, string? Title, string? Detail, IReadOnlyList<Problems.FieldError>? Errors);

public sealed record BatchResult(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results);

public sealed record DeliveryState(string EndpointId, string MessageId, JsonElement State);

/// <param name="TraceId">The OpenTelemetry trace of the request that sent the event and of every attempt; null when tracing was off.</param>
public sealed record EventView(string Id, string EventType, DateTimeOffset ReceivedAt, JsonElement Payload, IReadOnlyList<DeliveryState> Deliveries, string? TraceId = null);

public sealed record RangeTotals(DateTimeOffset From, DateTimeOffset To, long Sent, long FailedAttempts, long DeadLettered, long Filtered);

public sealed record ActivityView(DateTimeOffset From, DateTimeOffset To, string Granularity, RangeTotals Totals, IReadOnlyList<ActivityBucket> Series);

public sealed record CountsView(long Pending, long Ready, long Scheduled, long InFlight, long Sent, long FailedAttempts, long DeadLettered, long DeadLetters, long Filtered, RangeTotals? Range);

public sealed record SummaryView(int Endpoints, CountsView AllTime, RangeTotals Range);

public sealed record StatusChangeRequest(string Status, string? Message = null, bool? Notify = null, JsonElement? Customer = null, JsonElement? Items = null);

public sealed record NextStatusView(string Status, bool AdminOnly, bool Allowed);

public sealed record TransitionsView(string OrderId, string Status, long Version, bool Exists, string Workflow, IReadOnlyList<NextStatusView> Transitions);

public sealed record WorkflowRequestDoc(string? Preset = null, string? Name = null, string? Initial = null, IReadOnlyList<string>? Statuses = null, IReadOnlyList<Orders.WorkflowTransition>? Transitions = null);

public sealed record WorkflowView(string Name, string? Preset, string Initial, IReadOnlyList<string> Statuses, IReadOnlyList<Orders.WorkflowTransition> Transitions, bool IsDefault);
