using System.Text.Json;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Endpoints;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Logs;

/// <summary>The log listing (<c>/v1/logs</c>), each endpoint's attempt and blocked logs, and an event's state at each endpoint.</summary>
public static class LogsApi
{
    public static IEndpointRouteBuilder MapLogs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireTenant();

        group.MapGet("/logs", async (HttpContext context, string? state, string? endpointId, string? eventType, string? from, string? to, string? limit, string? cursor,
            string? eventId, string? messageId, string? status, string? objectId, EndpointStore endpoints, LogReader logs) =>
        {
            if (objectId is not null)
            {
                var (range, rangeErrors) = LogQueryParser.Parse(null, null, from, to, null, null);
                var orderErrors = LogQueryParser.CheckOrderLookup(objectId,
                    [("state", state), ("eventType", eventType), ("eventId", eventId), ("messageId", messageId), ("status", status), ("limit", limit), ("cursor", cursor)]);
                if (range is null || orderErrors.Count > 0)
                {
                    return Problem.Validation("The log query is not valid.", [.. rangeErrors, .. orderErrors]);
                }

                var tenant = context.Tenant().TenantId;
                if (endpointId is not null && await endpoints.GetForTenantAsync(tenant, endpointId) is null)
                {
                    return Problem.NotFound("endpoint");
                }

                IReadOnlyList<string> reached = endpointId is not null ? [endpointId] : [.. (await endpoints.ForTenantAsync(tenant)).Select(s => s.Endpoint.Id)];
                return Results.Ok(await logs.OrderTimelineAsync(objectId, reached, range.FromMs, range.ToMs));
            }

            var (parsed, errors) = LogQueryParser.Parse(state, eventType, from, to, limit, cursor);
            var (query, lookupErrors) = parsed is null ? (null, []) : LogQueryParser.WithLookup(parsed, eventId, messageId, status);
            if (query is null)
            {
                return Problem.Validation("The log query is not valid.", [.. errors, .. lookupErrors]);
            }

            var tenantId = context.Tenant().TenantId;
            IReadOnlyList<string> ids;
            if (endpointId is not null)
            {
                if (await endpoints.GetForTenantAsync(tenantId, endpointId) is null)
                {
                    return Problem.NotFound("endpoint");
                }

                ids = [endpointId];
            }
            else
            {
                ids = [.. (await endpoints.ForTenantAsync(tenantId)).Select(s => s.Endpoint.Id)];
            }

            if (messageId is not null)
            {
                // A message id ends with 8 characters of its endpoint's id: only that endpoint's logs can hold it.
                ids = [.. ids.Where(e => e.Length >= 11 && e.AsSpan(e.IndexOf('_') + 1, 8).SequenceEqual(LogQueryParser.EndpointPartOf(messageId)))];
            }

            return Results.Ok(await logs.ListAsync(query, ids));
        });

        group.MapGet("/endpoints/{endpointId}/attempts", async (HttpContext context, string endpointId, string? limit, string? cursor, EndpointStore endpoints, LogReader logs) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
            {
                return Problem.NotFound("endpoint");
            }

            var (query, errors) = LogQueryParser.Parse(null, null, null, null, limit, cursor);
            return query is null
                ? Problem.Validation("The log query is not valid.", errors)
                : Results.Ok(await logs.AttemptsAsync(endpointId, query.Limit, query.Cursor));
        });

        group.MapGet("/endpoints/{endpointId}/filtered", async (HttpContext context, string endpointId, string? limit, string? cursor, EndpointStore endpoints, LogReader logs) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
            {
                return Problem.NotFound("endpoint");
            }

            var (query, errors) = LogQueryParser.Parse(null, null, null, null, limit, cursor);
            return query is null
                ? Problem.Validation("The log query is not valid.", errors)
                : Results.Ok(await logs.FilteredAsync(endpointId, query.Limit, query.Cursor));
        });

        group.MapGet("/events/{eventId}", async (HttpContext context, string eventId, DeliveryQueue queue, LogReader logs) =>
        {
            var tenantId = context.Tenant().TenantId;
            if (!RedisKeys.TryShardOf(eventId, out var shard)
                || await queue.LoadEventAsync(shard, eventId) is not { } stored || stored.TenantId != tenantId)
            {
                return Problem.NotFound("event");
            }

            var deliveries = new List<object>();
            foreach (var endpointId in EventTarget.ParseList(stored.Targets).Select(t => t.EndpointId))
            {
                var messageId = Ids.Message(eventId, endpointId);
                deliveries.Add(new { endpointId, messageId, state = State(await logs.MessageStateAsync(endpointId, messageId)) });
            }

            return Results.Ok(new
            {
                id = eventId,
                eventType = stored.EventType,
                receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(stored.ReceivedMs),
                payload = JsonDocument.Parse(stored.Body).RootElement,
                traceId = Delivery.Tracing.GatewayTracing.TraceIdOf(stored.TraceParent),
                deliveries,
            });
        });

        return app;
    }

    // The detail's shape per state, as the API has always answered it.
    private static object State(MessageState state) => state.Status switch
    {
        MessageStatus.Pending or MessageStatus.InFlight => new
        {
            status = state.Status == MessageStatus.InFlight ? "in_flight" : "pending", attempts = state.Attempts, nextAttemptAt = state.NextAttemptAt,
        },
        MessageStatus.DeadLettered => new { status = "dead_lettered", attempts = state.Attempts, lastStatus = state.LastStatus, lastError = state.LastError },
        _ => new { status = "delivered" },
    };
}
