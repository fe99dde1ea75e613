using Gateway.ApiDocs;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Queue;
using Gateway.Endpoints;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Logs;

/// <summary>
/// Counts and activity, per endpoint and per tenant: all-time counters, the same over a date range, and a
/// zero-filled time series for an activity chart. Ranges come from hourly buckets kept for <c>Delivery:LogRetention</c>.
/// </summary>
public static class StatsApi
{
    public static IEndpointRouteBuilder MapStats(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").RequireTenant().WithTags("Stats");
        group.MapGet("/stats", TenantActivityAsync)
            .WithSummary("Tenant activity series (hour or day buckets).")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/stats/summary", TenantSummaryAsync)
            .WithSummary("Tenant counts, all-time and over a range.")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/endpoints/{endpointId}/stats", EndpointCountsAsync)
            .WithSummary("An endpoint's queue and counters, all-time and over a range.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/endpoints/{endpointId}/stats/activity", EndpointActivityAsync)
            .WithSummary("An endpoint's activity series.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Results<Ok<ActivityView>, ProblemHttpResult>> TenantActivityAsync(
        HttpContext context, string? from, string? to, string? granularity, EndpointStore endpoints, StatsStore stats, TimeProvider time)
    {
        var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
        if (range is null)
        {
            return InvalidRange(errors);
        }

        var tenantId = context.Tenant().TenantId;
        var ids = (await endpoints.ForTenantAsync(tenantId)).Select(s => s.Endpoint.Id).ToList();
        return TypedResults.Ok(Activity(await stats.HourlyAsync(ids, tenantId), range));
    }

    private static async Task<Results<Ok<SummaryView>, ProblemHttpResult>> TenantSummaryAsync(
        HttpContext context, string? from, string? to, string? granularity, EndpointStore endpoints, StatsStore stats, TimeProvider time)
    {
        var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
        if (range is null)
        {
            return InvalidRange(errors);
        }

        var tenantId = context.Tenant().TenantId;
        var ids = (await endpoints.ForTenantAsync(tenantId)).Select(s => s.Endpoint.Id).ToList();
        var counts = await stats.TenantCountsAsync(tenantId, ids);
        var hourly = await stats.HourlyAsync(ids, tenantId);
        return TypedResults.Ok(new SummaryView(ids.Count, CountsView.Of(counts), RangeTotals.Of(StatsStore.Total(hourly, range), range)));
    }

    private static async Task<Results<Ok<CountsView>, ProblemHttpResult>> EndpointCountsAsync(
        HttpContext context, string endpointId, string? from, string? to, string? granularity, EndpointStore endpoints, DeliveryQueue queue, StatsStore stats, TimeProvider time)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
        {
            return Problem.NotFound("endpoint");
        }

        var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
        if (range is null)
        {
            return InvalidRange(errors);
        }

        var counts = await queue.CountsAsync(endpointId);
        return TypedResults.Ok(CountsView.Of(counts, RangeTotals.Of(StatsStore.Total(await stats.HourlyAsync([endpointId]), range), range)));
    }

    private static async Task<Results<Ok<ActivityView>, ProblemHttpResult>> EndpointActivityAsync(
        HttpContext context, string endpointId, string? from, string? to, string? granularity, EndpointStore endpoints, StatsStore stats, TimeProvider time)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, endpointId) is null)
        {
            return Problem.NotFound("endpoint");
        }

        var (range, errors) = StatsRangeParser.Parse(from, to, granularity, time.GetUtcNow());
        return range is null ? InvalidRange(errors) : TypedResults.Ok(Activity(await stats.HourlyAsync([endpointId]), range));
    }

    private static ProblemHttpResult InvalidRange(IReadOnlyList<FieldError> errors) => Problem.Validation("The date range is not valid.", errors);

    private static ActivityView Activity(IReadOnlyDictionary<long, ActivityTotals> hourly, StatsRange range) => new(
        range.From,
        range.To,
        range.Granularity == Granularity.Hour ? "hour" : "day",
        RangeTotals.Of(StatsStore.Total(hourly, range), range),
        StatsStore.Series(hourly, range));
}
