using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Gateway.Delivery;
using Gateway.Endpoints;
using Gateway.Hosting;
using Gateway.Metrics;
using Gateway.Problems;
using Gateway.Schemas;
using Gateway.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Ingestion;

/// <summary>
/// Validates an event, accepts it durably in one atomic step (body, pending fan-out, idempotency record in one
/// ingestion shard), then queues it once at every matching endpoint and clears the pending mark. A crash between
/// those steps leaves the event in its shard's pending set, and <see cref="FanoutRecovery"/> finishes the fan-out.
/// </summary>
public sealed class EventIngestor(
    RedisStore store,
    EventTypeRegistry eventTypes,
    EndpointStore endpoints,
    DeliveryQueue queue,
    EventBodyCache bodies,
    PendingFanoutMarks pendingMarks,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    IOptions<DeliveryOptions> delivery)
{
    private readonly long _bodyRetentionMs = BaseRetentionMs(options.Value, delivery.Value);

    /// <param name="onlyEndpointId">When set, the event goes to this endpoint alone (a test event), through its filter as usual.</param>
    public async Task<IngestResult> IngestAsync(string tenantId, ReadOnlyMemory<byte> body, string? idempotencyKey, string? onlyEndpointId = null)
    {
        var result = await IngestCoreAsync(tenantId, body, idempotencyKey, onlyEndpointId).ConfigureAwait(false);
        metrics.EventIngested(tenantId, result.IsAccepted ? (result.Replayed ? "duplicate" : "accepted") : result.Status == 429 ? "rate_limited" : "invalid");
        return result;
    }

    private async Task<IngestResult> IngestCoreAsync(string tenantId, ReadOnlyMemory<byte> body, string? idempotencyKey, string? onlyEndpointId)
    {
        if (body.Length > options.Value.MaxEventBytes)
        {
            return IngestResult.Refused(StatusCodes.Status413PayloadTooLarge, "Payload too large", $"The event is larger than {options.Value.MaxEventBytes} bytes.");
        }

        if (idempotencyKey is { Length: 0 or > 255 })
        {
            return IngestResult.Refused(StatusCodes.Status400BadRequest, "Bad request", "Idempotency-Key must be 1 to 255 characters.");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return IngestResult.Refused(StatusCodes.Status400BadRequest, "Malformed JSON", $"The event is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Invalid("The event must be a JSON object.", [new FieldError("", "must be an object")]);
            }

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

            var eventType = subject + "." + type;
            if (await eventTypes.FindAsync(tenantId, eventType).ConfigureAwait(false) is not { } schema)
            {
                return Invalid($"'{eventType}' is not a known event type; see GET /v1/event-types.", [new FieldError("/type", $"unknown event type '{eventType}'")]);
            }

            var json = Encoding.UTF8.GetString(body.Span);
            var schemaErrors = schema.Validate(json);
            if (schemaErrors.Count > 0)
            {
                return Invalid($"The event does not match the schema of '{eventType}'.", [.. schemaErrors.Select(e => new FieldError(e.Path, e.Message))]);
            }

            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            var (targets, rejected) = await MatchAsync(tenantId, eventType, root, onlyEndpointId).ConfigureAwait(false);
            var bodyHash = idempotencyKey is null ? "" : Convert.ToHexStringLower(SHA256.HashData(body.Span));
            var result = await AcceptAsync(tenantId, eventType, json, body, bodyHash, idempotencyKey, targets, now).ConfigureAwait(false);
            if (result is { IsAccepted: true, Replayed: false } && rejected.Count > 0)
            {
                // Counted once the event is accepted, so a retried request with the same Idempotency-Key is not counted twice.
                var objectId = root.TryGetProperty("objectId", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
                await RecordFilteredAsync(tenantId, result.EventId!, eventType, objectId, rejected, now).ConfigureAwait(false);
            }

            return result;
        }
    }

    private async Task<(List<WebhookEndpoint> Targets, List<(string EndpointId, string Rule)> Rejected)> MatchAsync(string tenantId, string eventType, JsonElement root, string? onlyEndpointId)
    {
        var all = await endpoints.ForTenantAsync(tenantId).ConfigureAwait(false);
        var targets = new List<WebhookEndpoint>();
        var rejected = new List<(string, string)>();
        foreach (var snapshot in all)
        {
            if (snapshot.Endpoint.Disabled || (onlyEndpointId is not null && snapshot.Endpoint.Id != onlyEndpointId))
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
            records[i] = queue.RecordFilteredAsync(endpointId, nowMs, entry);
            metrics.EventFiltered(tenantId, endpointId);
        }

        await Task.WhenAll(records).ConfigureAwait(false);
    }

    private async Task<IngestResult> AcceptAsync(string tenantId, string eventType, string json, ReadOnlyMemory<byte> body, string bodyHash, string? idempotencyKey, List<WebhookEndpoint> targets, long nowMs)
    {
        var db = store.Database;
        var keys = store.Keys;
        var shard = idempotencyKey is null ? Ids.RandomShard() : ShardOf(tenantId, idempotencyKey);
        var eventId = Ids.NewEvent(shard);
        var targetList = string.Join(',', targets.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Id}:{e.DelaySeconds}")));
        var endpointIds = targets.Select(e => e.Id).ToArray();
        var record = idempotencyKey is null ? "" : JsonSerializer.Serialize(new IdempotencyRecord(eventId, eventType, endpointIds, bodyHash), GatewayJson.Options);

        RedisKey[] scriptKeys = idempotencyKey is null
            ? [keys.Event(shard, eventId), keys.PendingFanout(shard)]
            : [keys.Event(shard, eventId), keys.PendingFanout(shard), keys.Idempotency(shard, tenantId, idempotencyKey)];
        var prior = await QueueScripts.Accept.EvaluateAsync(db, scriptKeys,
        [
            json, tenantId, eventType, nowMs, BodyRetentionMs(targets), targetList,
            (long)options.Value.IdempotencyWindow.TotalMilliseconds, record, eventId,
        ]).ConfigureAwait(false);

        if (!prior.IsNull)
        {
            var earlier = JsonSerializer.Deserialize<IdempotencyRecord>((string)prior!, GatewayJson.Options)!;
            return earlier.BodyHash == bodyHash
                ? IngestResult.Accepted(earlier.Id, earlier.EventType, earlier.Endpoints, replayed: true)
                : IngestResult.Refused(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    "This Idempotency-Key was used within the last 24 h with a different body.");
        }

        if (targets.Count > 0 && options.Value.RunsWorkers)
        {
            bodies.Add(eventId, body.Span);
        }

        await FanOutAsync(shard, eventId, eventType, nowMs, targetList).ConfigureAwait(false);
        return IngestResult.Accepted(eventId, eventType, endpointIds);
    }

    /// <summary>Queues the event at each target (idempotently per event × endpoint), then clears its pending mark.</summary>
    public async Task FanOutAsync(int shard, string eventId, string eventType, long receivedMs, string targetList)
    {
        if (targetList.Length > 0)
        {
            var message = new QueuedMessage(shard, eventId, eventType, receivedMs, Attempts: 0, FirstAttemptMs: 0);
            var enqueues = new List<Task>();
            foreach (var target in targetList.Split(','))
            {
                var colon = target.LastIndexOf(':');
                var endpointId = target[..colon];
                var delaySeconds = int.Parse(target.AsSpan(colon + 1), CultureInfo.InvariantCulture);
                var due = delaySeconds > 0 ? receivedMs + (delaySeconds * 1000L) : 0;
                enqueues.Add(queue.EnqueueAsync(endpointId, Ids.Message(eventId, endpointId), message, due));
            }

            await Task.WhenAll(enqueues).ConfigureAwait(false);
        }

        pendingMarks.Clear(shard, eventId);
    }

    /// <summary>
    /// How long the body must be kept: the retention, at least as long as every retry could take (an operator may
    /// lengthen the schedule), counted from the latest first attempt (a delayed send starts late).
    /// </summary>
    private long BodyRetentionMs(List<WebhookEndpoint> targets) =>
        _bodyRetentionMs + (targets.Count == 0 ? 0 : targets.Max(t => t.DelaySeconds) * 1000L);

    private static long BaseRetentionMs(GatewayOptions gateway, DeliveryOptions delivery)
    {
        var retries = delivery.ParseRetrySchedule().Aggregate(TimeSpan.Zero, (sum, d) => sum + d) * (1 + delivery.Jitter);
        var retention = gateway.EventRetention > retries ? gateway.EventRetention : retries + TimeSpan.FromHours(1);
        return (long)retention.TotalMilliseconds;
    }

    private static int ShardOf(string tenantId, string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(tenantId + "\n" + idempotencyKey), hash);
        return hash[0] % RedisKeys.IngestShards;
    }

    private static IngestResult Invalid(string detail, IReadOnlyList<FieldError> errors) =>
        IngestResult.Refused(StatusCodes.Status422UnprocessableEntity, "Validation failed", detail, errors);

    private sealed record IdempotencyRecord(string Id, string EventType, string[] Endpoints, string BodyHash);
}
