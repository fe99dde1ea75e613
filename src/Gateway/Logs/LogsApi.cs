using System.Globalization;
using System.Text.Json;
using Gateway.DeadLetters;
using Gateway.Delivery;
using Gateway.Endpoints;
using Gateway.Hosting;
using Gateway.Ingestion;
using Gateway.Problems;
using Gateway.Storage;
using Gateway.Tenants;
using Microsoft.Extensions.Options;

namespace Gateway.Logs;

/// <summary>Attempt log, blocked (filtered) log, counters per endpoint, and an event's state at each endpoint.</summary>
public static class LogsApi
{
    public static IEndpointRouteBuilder MapLogs(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireTenant();

        group.MapGet("/endpoints/{endpointId}/attempts", async (HttpContext context, string endpointId, int? limit, string? cursor, EndpointStore endpoints, RedisStore store, TimeProvider time, IOptions<DeliveryOptions> options) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
            {
                return Problem.NotFound("endpoint");
            }

            return ReadLog<AttemptRecord>(await ReadPageAsync(store, store.Keys.Attempts(endpointId), limit, cursor), a => a.At, time, options.Value) is { } page
                ? Results.Ok(page)
                : Problem.Validation("/limit", "limit must be from 1 to 500 and cursor a value returned by this API.");
        });

        group.MapGet("/endpoints/{endpointId}/filtered", async (HttpContext context, string endpointId, int? limit, string? cursor, EndpointStore endpoints, RedisStore store, TimeProvider time, IOptions<DeliveryOptions> options) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
            {
                return Problem.NotFound("endpoint");
            }

            return ReadLog<FilteredLogEntry>(await ReadPageAsync(store, store.Keys.Filtered(endpointId), limit, cursor), f => f.At, time, options.Value) is { } page
                ? Results.Ok(page)
                : Problem.Validation("/limit", "limit must be from 1 to 500 and cursor a value returned by this API.");
        });

        group.MapGet("/endpoints/{endpointId}/stats", async (HttpContext context, string endpointId, EndpointStore endpoints, DeliveryQueue queue) =>
            await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null
                ? Problem.NotFound("endpoint")
                : Results.Ok(StatsView(await queue.CountsAsync(endpointId))));

        group.MapGet("/events/{eventId}", async (HttpContext context, string eventId, DeliveryQueue queue, EndpointStore endpoints, DeadLetterService deadLetters, RedisStore store) =>
        {
            var tenantId = context.Tenant().TenantId;
            if (!eventId.StartsWith("evt_", StringComparison.Ordinal) || eventId.Length < 6
                || await queue.LoadEventAsync(RedisKeys.ShardOf(eventId), eventId) is not { } stored || stored.TenantId != tenantId)
            {
                return Problem.NotFound("event");
            }

            var deliveries = new List<object>();
            foreach (var target in stored.Targets.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var endpointId = target[..target.LastIndexOf(':')];
                var messageId = Ids.Message(eventId, endpointId);
                deliveries.Add(new { endpointId, messageId, state = await StateAsync(store, endpointId, messageId, deadLetters) });
            }

            return Results.Ok(new
            {
                id = eventId,
                eventType = stored.EventType,
                receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(stored.ReceivedMs),
                payload = JsonDocument.Parse(stored.Body).RootElement,
                deliveries,
            });
        });

        return app;
    }

    public static object StatsView(EndpointCounts counts) => new
    {
        pending = counts.Pending,
        ready = counts.Ready,
        scheduled = counts.Scheduled,
        inFlight = counts.InFlight,
        sent = counts.Sent,
        failedAttempts = counts.FailedAttempts,
        deadLettered = counts.DeadLettered,
        deadLetters = counts.DeadLetters,
        filtered = counts.Filtered,
    };

    private static async Task<object> StateAsync(RedisStore store, string endpointId, string messageId, DeadLetterService deadLetters)
    {
        var db = store.Database;
        var meta = await db.HashGetAsync(store.Keys.Messages(endpointId), messageId);
        if (!meta.IsNull)
        {
            var message = QueuedMessage.Parse((string)meta!);
            var due = await db.SortedSetScoreAsync(store.Keys.Scheduled(endpointId), messageId);
            var leased = await db.SortedSetScoreAsync(store.Keys.Leases(endpointId), messageId);
            return new
            {
                status = leased is not null ? "in_flight" : "pending",
                attempts = message.Attempts,
                nextAttemptAt = due is { } d ? DateTimeOffset.FromUnixTimeMilliseconds((long)d) : (DateTimeOffset?)null,
            };
        }

        if (await deadLetters.GetAsync(endpointId, messageId) is { } letter)
        {
            return new { status = "dead_lettered", attempts = letter.Attempts, lastStatus = letter.LastStatus, lastError = letter.LastError };
        }

        return new { status = "delivered" };
    }

    private static async Task<(string[] Entries, long Offset, int Limit)?> ReadPageAsync(RedisStore store, string key, int? limit, string? cursor)
    {
        if (DeadLettersApi.Limit(limit) is not { } take)
        {
            return null;
        }

        long offset = 0;
        if (cursor is not null && (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            return null;
        }

        var values = await store.Database.ListRangeAsync(key, offset, offset + take - 1);
        return ([.. values.Select(v => (string)v!)], offset, take);
    }

    private static object? ReadLog<T>((string[] Entries, long Offset, int Limit)? page, Func<T, DateTimeOffset> at, TimeProvider time, DeliveryOptions options)
    {
        if (page is not { } p)
        {
            return null;
        }

        var oldest = time.GetUtcNow() - options.LogRetention;
        var data = p.Entries.Select(e => JsonSerializer.Deserialize<T>(e, GatewayJson.Options)!).Where(e => at(e) >= oldest).ToList();
        var next = p.Entries.Length == p.Limit ? (p.Offset + p.Limit).ToString(CultureInfo.InvariantCulture) : null;
        return new { data, nextCursor = next };
    }
}
