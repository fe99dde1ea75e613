using Gateway.Client.Http;

namespace Gateway.Client.Logs;

/// <summary>Delivery logs and activity counters, tenant-wide and per endpoint.</summary>
public sealed class LogsClient
{
    private readonly GatewayHttp _http;

    internal LogsClient(GatewayHttp http) => _http = http;

    /// <summary>Log entries newest first; <paramref name="state"/> is pending, sent, failed or filtered.</summary>
    [GatewayRoute("GET", "/v1/logs")]
    public Task<LogPage<LogEntry>> ListAsync(
        string? state = null, string? endpointId = null, string? eventType = null, DateTimeOffset? from = null, DateTimeOffset? to = null,
        string? cursor = null, int? limit = null, string? eventId = null, string? messageId = null, int? status = null,
        CancellationToken cancellationToken = default) =>
        _http.GetAsync<LogPage<LogEntry>>(Query.Path("/v1/logs", ("state", state), ("endpointId", endpointId), ("eventType", eventType),
            ("from", from), ("to", to), ("cursor", cursor), ("limit", limit), ("eventId", eventId), ("messageId", messageId), ("status", status)), cancellationToken);

    /// <summary>Every delivery of order <paramref name="objectId"/> within the log retention (<c>GET /v1/logs?objectId=</c>:
    /// the route of <see cref="ListAsync"/>, which answers this other shape when given an order id).</summary>
    public Task<OrderTimeline> GetOrderTimelineAsync(
        string objectId, string? endpointId = null, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<OrderTimeline>(Query.Path("/v1/logs", ("objectId", objectId), ("endpointId", endpointId), ("from", from), ("to", to)), cancellationToken);

    [GatewayRoute("GET", "/v1/endpoints/{endpointId}/attempts")]
    public Task<LogPage<AttemptRecord>> ListAttemptsAsync(string endpointId, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<LogPage<AttemptRecord>>(Query.Path(Endpoint(endpointId) + "/attempts", ("cursor", cursor), ("limit", limit)), cancellationToken);

    /// <summary>Events the endpoint's filter rejected, with the rule that rejected each.</summary>
    [GatewayRoute("GET", "/v1/endpoints/{endpointId}/filtered")]
    public Task<LogPage<FilteredLogEntry>> ListFilteredAsync(string endpointId, string? cursor = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<LogPage<FilteredLogEntry>>(Query.Path(Endpoint(endpointId) + "/filtered", ("cursor", cursor), ("limit", limit)), cancellationToken);

    /// <summary>The tenant's activity series; <paramref name="granularity"/> is hour or day.</summary>
    [GatewayRoute("GET", "/v1/stats")]
    public Task<Activity> GetActivityAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, string? granularity = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Activity>(Query.Path("/v1/stats", ("from", from), ("to", to), ("granularity", granularity)), cancellationToken);

    [GatewayRoute("GET", "/v1/stats/summary")]
    public Task<Summary> GetSummaryAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Summary>(Query.Path("/v1/stats/summary", ("from", from), ("to", to)), cancellationToken);

    /// <summary>An endpoint's queue and counters.</summary>
    [GatewayRoute("GET", "/v1/endpoints/{endpointId}/stats")]
    public Task<Counts> GetEndpointStatsAsync(string endpointId, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Counts>(Query.Path(Endpoint(endpointId) + "/stats", ("from", from), ("to", to)), cancellationToken);

    [GatewayRoute("GET", "/v1/endpoints/{endpointId}/stats/activity")]
    public Task<Activity> GetEndpointActivityAsync(string endpointId, DateTimeOffset? from = null, DateTimeOffset? to = null, string? granularity = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Activity>(Query.Path(Endpoint(endpointId) + "/stats/activity", ("from", from), ("to", to), ("granularity", granularity)), cancellationToken);

    private static string Endpoint(string endpointId) => "/v1/endpoints/" + Query.Segment(endpointId);
}
