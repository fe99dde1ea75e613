using System.Text.Json;
using Gateway.Delivery.Logs;

// The request and response shapes the API documents. Handlers read bodies with their own field-by-field checks and
// answer anonymous objects, so these records exist for the OpenAPI document only; they are kept together in one
// file because they are read as one catalog, next to ApiOperations that names which route uses which.
namespace Gateway.ApiDocs;

public sealed record OrderingGroupsView(Gateway.Delivery.Ordering.OrderingSettings? Ordering, long Groups, long Blocked, IReadOnlyList<BlockedGroupView> Data);

/// <param name="State">retrying (its head failed and waits for its next attempt) or paused (its head is a dead letter).</param>
public sealed record BlockedGroupView(string Key, string State, string HeadMessageId, int Attempts, DateTimeOffset BlockedSince, double WaitingSeconds, long Waiting);

public sealed record ListOf<T>(IReadOnlyList<T> Data);

public sealed record EncryptionStatusView(string? KeyId, IReadOnlyList<string> KeyIds, string? Problem);

public sealed record TenantCreated(string Id, string Name, string ApiKey, DateTimeOffset CreatedAt);

public sealed record KeyIssued(string KeyId, string ApiKey, string Scope, DateTimeOffset CreatedAt);

public sealed record KeyView(string KeyId, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);

public sealed record EventTypeView(string Name, string? Description, bool BuiltIn, JsonElement Schema);

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

public sealed record ConsoleLinkView(string Url, DateTimeOffset ExpiresAt);

public sealed record ConsoleSessionView(string Id, string TenantId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

public sealed record OpenLinkRequest(string Token);

public sealed record CurrentSessionView(string Id, string TenantId, string? TenantName, DateTimeOffset ExpiresAt, string CsrfToken);

public sealed record RevokedView(int Revoked);

public sealed record HealthView(string Status);
