using Gateway.Delivery.Logs;
using Gateway.Delivery.Queue;
using Gateway.Endpoints;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Logs;

/// <summary>
/// Counts and activity, per endpoint and per tenant: all-time counters, the same over a date range, and a
/// zero-filled time series for an activity chart. Ranges come from hourly buckets kept for <c>Delivery:LogRetention</c>.
/// </summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireTenant();

        group.MapGet("/stats", async (HttpContext context, string? from, string? to, string? granularity, EndpointStore endpoints, StatsStore stats, TimeProvider time) =>
        {
            var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
            if (range is null)
            {
                return Problem.Validation("The date range is not valid.", errors);
            }

            var tenantId = context.Tenant().TenantId;
            var ids = (await endpoints.ForTenantAsync(tenantId)).Select(s => s.Endpoint.Id).ToList();
            return Results.Ok(ActivityView(await stats.HourlyAsync(ids, tenantId), range));
        });

        group.MapGet("/stats/summary", async (HttpContext context, string? from, string? to, string? granularity, EndpointStore endpoints, StatsStore stats, TimeProvider time) =>
        {
            var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
            if (range is null)
            {
                return Problem.Validation("The date range is not valid.", errors);
            }

            var tenantId = context.Tenant().TenantId;
            var ids = (await endpoints.ForTenantAsync(tenantId)).Select(s => s.Endpoint.Id).ToList();
            var counts = await stats.TenantCountsAsync(tenantId, ids);
            var hourly = await stats.HourlyAsync(ids, tenantId);
            return Results.Ok(new { endpoints = ids.Count, allTime = CountsView(counts), range = RangeView(StatsStore.Total(hourly, range), range) });
        });

        group.MapGet("/endpoints/{endpointId}/stats", async (HttpContext context, string endpointId, string? from, string? to, string? granularity, EndpointStore endpoints, DeliveryQueue queue, StatsStore stats, TimeProvider time) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
            {
                return Problem.NotFound("endpoint");
            }

            var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
            if (range is null)
            {
                return Problem.Validation("The date range is not valid.", errors);
            }

            var counts = CountsView(await queue.CountsAsync(endpointId));
            counts["range"] = RangeView(StatsStore.Total(await stats.HourlyAsync([endpointId]), range), range);
            return Results.Ok(counts);
        });

        group.MapGet("/endpoints/{endpointId}/stats/activity", async (HttpContext context, string endpointId, string? from, string? to, string? granularity, EndpointStore endpoints, StatsStore stats, TimeProvider time) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
            {
                return Problem.NotFound("endpoint");
            }

            var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
            return range is null
                ? Problem.Validation("The date range is not valid.", errors)
                : Results.Ok(ActivityView(await stats.HourlyAsync([endpointId]), range));
        });

        return app;
    }

    /// <summary>All-time counters and what waits now. The names are those of <c>GET /v1/endpoints/{id}/stats</c>.</summary>
    public static Dictionary<string, object> CountsView(EndpointCounts counts) => new()
    {
        ["pending"] = counts.Pending,
        ["ready"] = counts.Ready,
        ["scheduled"] = counts.Scheduled,
        ["inFlight"] = counts.InFlight,
        ["waiting"] = counts.Waiting,
        ["sent"] = counts.Sent,
        ["failedAttempts"] = counts.FailedAttempts,
        ["deadLettered"] = counts.DeadLettered,
        ["deadLetters"] = counts.DeadLetters,
        ["filtered"] = counts.Filtered,
    };

    private static object RangeView(ActivityTotals totals, StatsRange range) => new
    {
        from = range.From,
        to = range.To,
        sent = totals.Sent,
        failedAttempts = totals.FailedAttempts,
        deadLettered = totals.DeadLettered,
        filtered = totals.Filtered,
    };

    private static object ActivityView(IReadOnlyDictionary<long, ActivityTotals> hourly, StatsRange range) => new
    {
        from = range.From,
        to = range.To,
        granularity = range.Granularity == Granularity.Hour ? "hour" : "day",
        totals = RangeView(StatsStore.Total(hourly, range), range),
        series = StatsStore.Series(hourly, range),
    };
}
