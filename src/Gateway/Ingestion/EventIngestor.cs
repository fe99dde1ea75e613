using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Operations;
using Gateway.Delivery.Ordering;
using Gateway.Delivery.Storage;
using Gateway.Delivery.Tracing;
using Gateway.Endpoints;
using Gateway.Hosting;
using Gateway.Problems;
using Gateway.Schemas;
using Microsoft.Extensions.Options;

namespace Gateway.Ingestion;

/// <summary>
/// Validates an event against its type's schema, matches it against the tenant's endpoints' rules, and hands it to
/// the engine's <see cref="EventAcceptor"/>, which accepts it durably and queues it at every matching endpoint.
/// </summary>
public sealed class EventIngestor(
    EventTypeRegistry eventTypes,
    EndpointStore endpoints,
    EventAcceptor acceptor,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<GatewayOptions> options)
{
    /// <param name="onlyEndpointId">When set, the event goes to this endpoint alone (a test event), through its filter as usual.</param>
    public Task<IngestResult> IngestAsync(string tenantId, ReadOnlyMemory<byte> body, string? idempotencyKey, string? onlyEndpointId = null) =>
        IngestAsync(tenantId, body, idempotencyKey, new Routing(onlyEndpointId, Operational: false, ExcludedEndpointId: null));

    /// <summary>
    /// Ingests an operational event the gateway itself emits for <paramref name="tenantId"/> (see
    /// <see cref="OperationalEventTypes"/>), through the same validation, matching and durable accept as any event,
    /// except that it is never queued at <paramref name="aboutEndpointId"/>, the endpoint it is about.
    /// </summary>
    public Task<IngestResult> IngestOperationalAsync(string tenantId, ReadOnlyMemory<byte> body, string idempotencyKey, string aboutEndpointId) =>
        IngestAsync(tenantId, body, idempotencyKey, new Routing(OnlyEndpointId: null, Operational: true, ExcludedEndpointId: aboutEndpointId));

    private async Task<IngestResult> IngestAsync(string tenantId, ReadOnlyMemory<byte> body, string? idempotencyKey, Routing routing)
    {
        var result = await IngestCoreAsync(tenantId, body, idempotencyKey, routing).ConfigureAwait(false);
        metrics.EventIngested(tenantId, result.IsAccepted ? (result.Replayed ? "duplicate" : "accepted") : result.Status == 429 ? "rate_limited" : "invalid");
        return result;
    }

    /// <summary>
    /// One event, in order: the request's limits, well-formed JSON, a known type the tenant may send, its schema, then
    /// the endpoints it matches and the durable accept. The checks are synchronous steps that answer with the problem
    /// when they refuse; what waits on the store is awaited here, so the steps add no async state machine per event.
    /// </summary>
    private async Task<IngestResult> IngestCoreAsync(string tenantId, ReadOnlyMemory<byte> body, string? idempotencyKey, Routing routing)
    {
        if (CheckLimits(body.Length, idempotencyKey) is { } overLimit)
        {
            return overLimit;
        }

        if (Parse(body, out var document) is { } malformed)
        {
            return malformed;
        }

        using (document)
        {
            var root = document!.RootElement;
            if (CheckWellFormed(root) is { } notWellFormed)
            {
                return notWellFormed;
            }

            if (ReadEventType(root, routing, out var eventType) is { } refused)
            {
                return refused;
            }

            if (await eventTypes.FindAsync(tenantId, eventType).ConfigureAwait(false) is not { } schema)
            {
                return Invalid($"'{eventType}' is not a known event type; see GET /v1/event-types.", [new FieldError("/type", $"unknown event type '{eventType}'")]);
            }

            if (CheckSchema(schema, eventType, root) is { } invalid)
            {
                return invalid;
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var (targets, rejected) = await MatchAsync(tenantId, eventType, root, routing).ConfigureAwait(false);
            var bodyHash = idempotencyKey is null ? "" : Convert.ToHexStringLower(SHA256.HashData(body.Span));
            var groups = GroupsOf(targets, root, out var unkeyed);
            var result = await AcceptAsync(tenantId, eventType, body, bodyHash, idempotencyKey, targets, groups).ConfigureAwait(false);
            if (result is not { IsAccepted: true, Replayed: false })
            {
                return result;
            }

            // Counted once the event is accepted, so a retried request with the same Idempotency-Key is not counted twice.
            foreach (var endpointId in unkeyed ?? [])
            {
                metrics.UnorderedEvent(tenantId, endpointId);
            }

            if (rejected.Count > 0)
            {
                var objectId = root.TryGetProperty("objectId", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
                await RecordFilteredAsync(tenantId, result.EventId!, eventType, objectId, rejected, now).ConfigureAwait(false);
            }

            return result;
        }
    }

    /// <summary>The request's own limits, before the body is read: its size and its Idempotency-Key.</summary>
    private IngestResult? CheckLimits(int length, string? idempotencyKey)
    {
        if (length > options.Value.MaxEventBytes)
        {
            return IngestResult.Refused(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The event is larger than {options.Value.MaxEventBytes} bytes.");
        }

        return idempotencyKey is { Length: 0 or > 255 }
            ? IngestResult.Refused(StatusCodes.Status400BadRequest, "Bad request", "Idempotency-Key must be 1 to 255 characters.")
            : null;
    }

    private static IngestResult? Parse(ReadOnlyMemory<byte> body, out JsonDocument? document)
    {
        try
        {
            document = JsonDocument.Parse(body);
            return null;
        }
        catch (JsonException ex)
        {
            document = null;
            return IngestResult.Refused(StatusCodes.Status400BadRequest, "Malformed JSON", $"The event is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>An object whose every string a program can read and whose every name appears once.</summary>
    private static IngestResult? CheckWellFormed(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Invalid("The event must be a JSON object.", [new FieldError("", "must be an object")]);
        }

        if (JsonText.FindInvalidString(root) is { } invalid)
        {
            return IngestResult.Refused(StatusCodes.Status400BadRequest, "Malformed JSON", JsonText.InvalidUnicodeMessage, [new FieldError(invalid, JsonText.InvalidUnicodeMessage)]);
        }

        // A field named twice is read by the validator as one value and by a subscriber's parser perhaps as the other.
        return JsonText.FindDuplicateName(root) is { } duplicate
            ? IngestResult.Refused(StatusCodes.Status400BadRequest, "Malformed JSON", JsonText.DuplicateNameMessage, [new FieldError(duplicate, JsonText.DuplicateNameMessage)])
            : null;
    }

    /// <summary><c>{subject}.{type}</c>, which must not be an operational type the gateway alone emits.</summary>
    private static IngestResult? ReadEventType(JsonElement root, Routing routing, out string eventType)
    {
        eventType = "";
        var subject = root.TryGetProperty("subject", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (string.IsNullOrEmpty(subject) || string.IsNullOrEmpty(type))
        {
            var errors = new List<FieldError>();
            if (string.IsNullOrEmpty(subject))
            {
                errors.Add(new FieldError("/subject", "subject is required: a string such as \"order\"."));
            }

            if (string.IsNullOrEmpty(type))
            {
                errors.Add(new FieldError("/type", "type is required: a string such as \"completed\"."));
            }

            return Invalid("The event type is given by 'subject' and 'type'.", errors);
        }

        eventType = subject + "." + type;
        // A tenant may send one to a single endpoint of its own as a test (to try its receiver), never to fan out.
        return OperationalEventTypes.IsOperational(eventType) && routing is { Operational: false, OnlyEndpointId: null }
            ? Invalid($"'{eventType}' is an operational event type: only the gateway emits it.", [new FieldError("/type", $"'{eventType}' cannot be sent")])
            : null;
    }

    private static IngestResult? CheckSchema(EventTypeSchema schema, string eventType, JsonElement root)
    {
        IReadOnlyList<SchemaError> schemaErrors;
        using (var validate = GatewayTracing.StartIngestStep("validate", eventType))
        {
            schemaErrors = schema.Validate(root);
            validate?.SetTag("webhook.schema.errors", schemaErrors.Count);
        }

        return schemaErrors.Count > 0
            ? Invalid($"The event does not match the schema of '{eventType}'.", [.. schemaErrors.Select(e => new FieldError(e.Path, e.Message))])
            : null;
    }

    /// <summary>The tenant's endpoints that take the event, and those whose rules blocked it (with the rule).</summary>
    private async Task<(List<WebhookEndpoint> Targets, List<(string EndpointId, string Rule)> Rejected)> MatchAsync(string tenantId, string eventType, JsonElement root, Routing routing)
    {
        using var match = GatewayTracing.StartIngestStep("match", eventType);
        var all = await endpoints.ForTenantAsync(tenantId).ConfigureAwait(false);
        var targets = new List<WebhookEndpoint>();
        var rejected = new List<(string, string)>();
        foreach (var snapshot in all)
        {
            if (snapshot.Endpoint.Disabled || snapshot.Endpoint.Id == routing.ExcludedEndpointId
                || (routing.OnlyEndpointId is not null && snapshot.Endpoint.Id != routing.OnlyEndpointId))
            {
                continue;
            }

            if (snapshot.Accepts(eventType, root, out var rejectedBy))
            {
                targets.Add(snapshot.Endpoint);
            }
            else if (rejectedBy is not null || (snapshot.Filter is not null && EventTypeMatcher.MatchesAny(snapshot.Endpoint.EventTypes, eventType)))
            {
                rejected.Add((snapshot.Endpoint.Id, rejectedBy ?? "filter"));
            }
        }

        match?.SetTag("webhook.targets", targets.Count);
        match?.SetTag("webhook.filtered", rejected.Count);
        return (targets, rejected);
    }

    private async Task RecordFilteredAsync(string tenantId, string eventId, string eventType, string? objectId, List<(string EndpointId, string Rule)> rejected, long nowMs)
    {
        var at = DateTimeOffset.FromUnixTimeMilliseconds(nowMs);
        var records = new Task[rejected.Count];
        for (var i = 0; i < rejected.Count; i++)
        {
            var (endpointId, rule) = rejected[i];
            var entry = JsonSerializer.Serialize(new FilteredLogEntry(at, eventType, objectId, rule, eventId), GatewayJson.Options);
            records[i] = acceptor.RecordFilteredAsync(endpointId, nowMs, entry);
            metrics.EventFiltered(tenantId, endpointId);
        }

        await Task.WhenAll(records).ConfigureAwait(false);
    }

    /// <summary>The event's group at each ordered target; <paramref name="unkeyed"/> lists the ordered targets whose key the
    /// event lacks, which get it unordered.</summary>
    private static Dictionary<string, string>? GroupsOf(List<WebhookEndpoint> targets, JsonElement root, out List<string>? unkeyed)
    {
        Dictionary<string, string>? groups = null;
        unkeyed = null;
        foreach (var target in targets)
        {
            if (target.Ordering is not { } ordering)
            {
                continue;
            }

            if (GroupKey.Extract(ordering, root) is { } group)
            {
                (groups ??= new Dictionary<string, string>(StringComparer.Ordinal))[target.Id] = group;
            }
            else
            {
                (unkeyed ??= []).Add(target.Id);
            }
        }

        return groups;
    }

    private async Task<IngestResult> AcceptAsync(string tenantId, string eventType, ReadOnlyMemory<byte> body, string bodyHash, string? idempotencyKey, List<WebhookEndpoint> targets,
        Dictionary<string, string>? groups)
    {
        var outcome = await acceptor.AcceptAsync(new EventSubmission(tenantId, eventType, body, idempotencyKey, bodyHash, targets, groups)).ConfigureAwait(false);
        return outcome.Status switch
        {
            AcceptStatus.KeyReusedWithAnotherBody => IngestResult.Refused(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                "This Idempotency-Key was used within the last 24 h with a different body."),
            _ => IngestResult.Accepted(outcome.EventId, outcome.EventType, outcome.Endpoints, replayed: outcome.Status == AcceptStatus.Replayed),
        };
    }

    private static IngestResult Invalid(string detail, IReadOnlyList<FieldError> errors) =>
        IngestResult.Refused(StatusCodes.Status422UnprocessableEntity, "Validation failed", detail, errors);

    /// <summary>Where an event may go: only one endpoint (a test event), or anywhere but one (an operational event
    /// about that endpoint); operational types are accepted from the gateway itself, or as a tenant's test event.</summary>
    private readonly record struct Routing(string? OnlyEndpointId, bool Operational, string? ExcludedEndpointId);
}
