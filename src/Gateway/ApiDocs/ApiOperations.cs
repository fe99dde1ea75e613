using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Logs;
using Gateway.Endpoints;
using Gateway.Hosting;
using Gateway.Orders;

namespace Gateway.ApiDocs;

/// <summary>
/// Every documented route, keyed by <c>METHOD /path</c> as the OpenAPI document spells it. A test fails when a mapped
/// route is missing here or from the document, and when an entry here names no route. <c>/metrics</c> is Prometheus
/// text, excluded from the description where it is mapped.
/// </summary>
public static class ApiOperations
{
    public static readonly IReadOnlyDictionary<string, ApiOperation> All = new Dictionary<string, ApiOperation>(StringComparer.Ordinal)
    {
        ["POST /v1/endpoints"] = new("Create an endpoint; the answer holds its signing secret.", typeof(EndpointRequest), 201, typeof(EndpointView), 400, 415, 422),
        ["GET /v1/endpoints"] = new("List the tenant's endpoints.", null, 200, typeof(ListOf<EndpointView>)),
        ["GET /v1/endpoints/{id}"] = new("Read an endpoint.", null, 200, typeof(EndpointView), 404),
        ["PATCH /v1/endpoints/{id}"] = new("Change an endpoint (any subset of the create fields, and disabled).", typeof(EndpointRequest), 200, typeof(EndpointView), 400, 404, 415, 422),
        ["DELETE /v1/endpoints/{id}"] = new("Delete an endpoint with its queue and dead letters.", null, 204, null, 404),
        ["GET /v1/endpoints/{id}/secret"] = new("Read what receivers verify with: a v1 endpoint's whsec_ secret, a v1a endpoint's whpk_ public key (never its private key).", null, 200, typeof(SecretView), 404, 503),
        ["POST /v1/endpoints/{id}/secret/rotate"] = new("Rotate the secret; the old one keeps signing during the overlap.", typeof(RotateSecretRequest), 200, typeof(SecretRotated), 404, 422),
        ["GET /v1/endpoints/{id}/health"] = new("Last success, failing since, and the circuit breaker.", null, 200, typeof(EndpointHealthView), 404),
        ["POST /v1/endpoints/{id}/recover"] = new("Queue again every failed message (dead-lettered, or waiting for a retry) accepted in a window: same webhook-id, fresh attempts; runs in the background, one per window.", typeof(RecoverRequest), 202, typeof(Gateway.Delivery.Recovery.RecoveryProgress), 404, 415, 422),
        ["GET /v1/endpoints/{id}/recover/{recoveryId}"] = new("A recovery's progress: found, queued, not recoverable (listed), done.", null, 200, typeof(Gateway.Delivery.Recovery.RecoveryProgress), 404),
        ["POST /v1/endpoints/preview"] = new("Render draft e-mail settings over an event type's example (or a payload) in the sandbox a send uses: subject, bodies, resolved recipients; nothing is sent.", typeof(EmailPreviewRequest), 200, typeof(EmailPreview), 400, 415, 422),
        ["POST /v1/endpoints/{id}/preview"] = new("Render an e-mail endpoint's templates (or a draft of them) over an event type's example (or a payload), with its item cap; nothing is sent.", typeof(EndpointPreviewRequest), 200, typeof(EmailPreview), 400, 404, 415, 422),
        ["POST /v1/endpoints/{id}/test"] = new("Send a test event to this endpoint alone (the type's example, or a given payload), through its rules.", typeof(TestEventRequest), 202, typeof(TestEventResult), 404, 409, 422),

        ["POST /v1/events"] = new("Ingest one event (optional Idempotency-Key header); answered once it is queued for every matching endpoint.", typeof(EventDocument), 202, typeof(EventAccepted), 400, 413, 415, 422, 429, 503),
        ["POST /v1/events/batch"] = new("Ingest up to 1,000 events; each has its own result.", typeof(BatchRequest), 200, typeof(BatchResult), 413, 415, 422, 429),
        ["GET /v1/events/{eventId}"] = new("An event and its state at every endpoint.", null, 200, typeof(EventView), 404),

        ["GET /v1/logs"] = new("Log listing (pending, sent, failed, blocked) by date range, endpoint, type, event id, message id (webhook-id) and HTTP status, newest first, paged; with objectId, the order's timeline instead: its events, the endpoints each went to and every attempt, newest first.", null, 200, typeof(LogPage<LogEntry>), 404, 422)
        {
            OrResponse = typeof(OrderTimeline),
        },
        ["GET /v1/endpoints/{id}/ordering/groups"] = new("An ordered endpoint's group counts and its blocked groups (head, attempts, how long blocked).", null, 200, typeof(OrderingGroupsView), 404, 422),
        ["GET /v1/endpoints/{endpointId}/attempts"] = new("An endpoint's attempt log.", null, 200, typeof(LogPage<AttemptRecord>), 404, 422),
        ["GET /v1/endpoints/{endpointId}/filtered"] = new("An endpoint's blocked log, with the rule that blocked each event.", null, 200, typeof(LogPage<FilteredLogEntry>), 404, 422),
        ["GET /v1/stats"] = new("Tenant activity series (hour or day buckets).", null, 200, typeof(ActivityView), 422),
        ["GET /v1/stats/summary"] = new("Tenant counts, all-time and over a range.", null, 200, typeof(SummaryView), 422),
        ["GET /v1/endpoints/{endpointId}/stats"] = new("An endpoint's queue and counters, all-time and over a range.", null, 200, typeof(CountsView), 404, 422),
        ["GET /v1/endpoints/{endpointId}/stats/activity"] = new("An endpoint's activity series.", null, 200, typeof(ActivityView), 404, 422),

        ["GET /v1/order-workflow"] = new("The tenant's order-status workflow.", null, 200, typeof(WorkflowView)),
        ["PUT /v1/order-workflow"] = new("Set the workflow: a preset or a definition.", typeof(WorkflowRequestDoc), 200, typeof(WorkflowView), 415, 422),
        ["GET /v1/order-workflow/presets"] = new("The workflow presets.", null, 200, typeof(ListOf<WorkflowView>)),
        ["PUT /v1/orders/{orderId}/status"] = new("Move an order to a status (optional If-Match); emits order.statusChanged unless notify is false.", typeof(StatusChangeRequest), 200, typeof(StatusResponse), 400, 409, 412, 422, 429),
        ["PUT /v1/orders/{orderId}/status/override"] = new("Force a status (admin key or admin-scoped tenant key).", typeof(StatusChangeRequest), 200, typeof(StatusResponse), 400, 403, 412, 422, 429),
        ["GET /v1/orders/{orderId}/status/transitions"] = new("The order's status and the statuses allowed next.", null, 200, typeof(TransitionsView), 400),
        ["GET /v1/orders/{orderId}"] = new("The order: status, version and history.", null, 200, typeof(OrderRecord), 404),
    };

    public static string Key(string method, string path) => $"{method.ToUpperInvariant()} {Normalize(path)}";

    /// <summary>Group routes mapped at "/" come out as "/v1/endpoints/"; the table writes them without the slash.</summary>
    public static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
