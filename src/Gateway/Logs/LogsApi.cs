using System.Globalization;
using System.Text.Json;
using Gateway.ApiDocs;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Endpoints;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Gateway.Logs;

/// <summary>The log listing (<c>/v1/logs</c>), each endpoint's attempt and filtered logs, and an event's state at each endpoint.</summary>
public static class LogsApi
{
    public static IEndpointRouteBuilder MapLogs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireTenant().WithTags("Logs");
        group.MapGet("/logs", ListAsync)
            .WithSummary("Log listing (pending, sent, failed, filtered) by date range, endpoint, type, event id, message id (webhook-id) and HTTP status, newest first, paged; with objectId, the order's timeline instead: its events, the endpoints each went to and every attempt, newest first.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity)
            .AddOpenApiOperationTransformer(DescribePageOrTimelineAsync);
        group.MapGet("/endpoints/{endpointId}/attempts", AttemptsAsync)
            .WithSummary("An endpoint's attempt log.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/endpoints/{endpointId}/filtered", FilteredAsync)
            .WithSummary("An endpoint's filtered log, with the rule that rejected each event.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        app.MapGroup("/v1").RequireTenant().WithTags("Events").MapGet("/events/{eventId}", GetEventAsync)
            .WithSummary("An event and its state at every endpoint.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>A page of the log, or with <paramref name="objectId"/> that order's timeline.</summary>
    private static async Task<Results<Ok<LogPage<LogEntry>>, Ok<OrderTimeline>, ProblemHttpResult>> ListAsync(
        HttpContext context, string? state, string? endpointId, string? eventType, string? from, string? to, string? limit, string? cursor,
        string? eventId, string? messageId, string? status, string? objectId, EndpointStore endpoints, LogReader logs)
    {
        if (objectId is not null)
        {
            return await OrderTimelineAsync(context, objectId, endpointId, from, to,
                [("state", state), ("eventType", eventType), ("eventId", eventId), ("messageId", messageId), ("status", status), ("limit", limit), ("cursor", cursor)],
                endpoints, logs);
        }

        var (parsed, errors) = LogQueryParser.Parse(state, eventType, from, to, limit, cursor);
        var (query, lookupErrors) = parsed is null ? (null, []) : LogQueryParser.WithLookup(parsed, eventId, messageId, status);
        if (query is null)
        {
            return InvalidQuery([.. errors, .. lookupErrors]);
        }

        if (await EndpointIdsAsync(context.Tenant().TenantId, endpointId, endpoints) is not { } ids)
        {
            return Problem.NotFound("endpoint");
        }

        if (messageId is not null)
        {
            // A message id ends with 8 characters of its endpoint's id: only that endpoint's logs can hold it.
            ids = [.. ids.Where(e => e.Length >= 11 && e.AsSpan(e.IndexOf('_') + 1, 8).SequenceEqual(LogQueryParser.EndpointPartOf(messageId)))];
        }

        return TypedResults.Ok(await logs.ListAsync(query, ids));
    }

    private static async Task<Results<Ok<LogPage<LogEntry>>, Ok<OrderTimeline>, ProblemHttpResult>> OrderTimelineAsync(
        HttpContext context, string objectId, string? endpointId, string? from, string? to, (string Name, string? Value)[] pageOnly, EndpointStore endpoints, LogReader logs)
    {
        var (range, rangeErrors) = LogQueryParser.Parse(null, null, from, to, null, null);
        var orderErrors = LogQueryParser.CheckOrderLookup(objectId, pageOnly);
        if (range is null || orderErrors.Count > 0)
        {
            return InvalidQuery([.. rangeErrors, .. orderErrors]);
        }

        return await EndpointIdsAsync(context.Tenant().TenantId, endpointId, endpoints) is { } reached
            ? TypedResults.Ok(await logs.OrderTimelineAsync(objectId, reached, range.FromMs, range.ToMs))
            : Problem.NotFound("endpoint");
    }

    private static async Task<Results<Ok<LogPage<AttemptRecord>>, ProblemHttpResult>> AttemptsAsync(
        HttpContext context, string endpointId, string? limit, string? cursor, EndpointStore endpoints, LogReader logs)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
        {
            return Problem.NotFound("endpoint");
        }

        var (query, errors) = LogQueryParser.Parse(null, null, null, null, limit, cursor);
        return query is null ? InvalidQuery(errors) : TypedResults.Ok(await logs.AttemptsAsync(endpointId, query.Limit, query.Cursor));
    }

    private static async Task<Results<Ok<LogPage<FilteredLogEntry>>, ProblemHttpResult>> FilteredAsync(
        HttpContext context, string endpointId, string? limit, string? cursor, EndpointStore endpoints, LogReader logs)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
        {
            return Problem.NotFound("endpoint");
        }

        var (query, errors) = LogQueryParser.Parse(null, null, null, null, limit, cursor);
        return query is null ? InvalidQuery(errors) : TypedResults.Ok(await logs.FilteredAsync(endpointId, query.Limit, query.Cursor));
    }

    private static async Task<Results<Ok<EventView>, ProblemHttpResult>> GetEventAsync(HttpContext context, string eventId, DeliveryQueue queue, LogReader logs)
    {
        if (!RedisKeys.TryShardOf(eventId, out var shard)
            || await queue.LoadEventAsync(shard, eventId) is not { } stored || stored.TenantId != context.Tenant().TenantId)
        {
            return Problem.NotFound("event");
        }

        var deliveries = new List<DeliveryState>();
        foreach (var endpointId in EventTarget.ParseList(stored.Targets).Select(t => t.EndpointId))
        {
            var messageId = Ids.Message(eventId, endpointId);
            deliveries.Add(new DeliveryState(endpointId, messageId, StatusOf(await logs.MessageStateAsync(endpointId, messageId))));
        }

        return TypedResults.Ok(new EventView(
            eventId,
            stored.EventType,
            DateTimeOffset.FromUnixTimeMilliseconds(stored.ReceivedMs),
            JsonDocument.Parse(stored.Body).RootElement,
            Delivery.Tracing.GatewayTracing.TraceIdOf(stored.TraceParent),
            deliveries));
    }

    /// <summary>The endpoints a query reads: the one named (null when the tenant has no such endpoint), or all the tenant's.</summary>
    private static async Task<IReadOnlyList<string>?> EndpointIdsAsync(string tenantId, string? endpointId, EndpointStore endpoints)
    {
        if (endpointId is not null)
        {
            return await endpoints.GetForTenantAsync(tenantId, endpointId) is null ? null : [endpointId];
        }

        return [.. (await endpoints.ForTenantAsync(tenantId)).Select(s => s.Endpoint.Id)];
    }

    /// <summary>
    /// The document's generator keeps one schema per status, and <c>/v1/logs</c> answers 200 with either of two:
    /// a page of the log, or (with <c>objectId</c>) an order's timeline. This says so with <c>oneOf</c>.
    /// </summary>
    private static async Task DescribePageOrTimelineAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var page = await context.GetOrCreateSchemaAsync(typeof(LogPage<LogEntry>), null, cancellationToken);
        var timeline = await context.GetOrCreateSchemaAsync(typeof(OrderTimeline), null, cancellationToken);
        var ok = operation.Responses![StatusCodes.Status200OK.ToString(CultureInfo.InvariantCulture)];
        ok.Content!["application/json"].Schema = new OpenApiSchema { OneOf = [page, timeline] };
    }

    private static ProblemHttpResult InvalidQuery(IReadOnlyList<FieldError> errors) => Problem.Validation("The log query is not valid.", errors);

    // The fields each status has, as the API has always answered them.
    private static DeliveryStatus StatusOf(MessageState state) => state.Status switch
    {
        MessageStatus.Pending => new DeliveryStatus("pending", state.Attempts, state.NextAttemptAt),
        MessageStatus.InFlight => new DeliveryStatus("in_flight", state.Attempts, state.NextAttemptAt),
        MessageStatus.DeadLettered => new DeliveryStatus("dead_lettered", state.Attempts, LastStatus: state.LastStatus, LastError: state.LastError),
        _ => new DeliveryStatus("delivered"),
    };
}
