using Gateway.Client.Http;

namespace Gateway.Client.DeadLetters;

/// <summary>Messages that exhausted their retries: inspect, replay, delete.</summary>
public sealed class DeadLettersClient
{
    private readonly GatewayHttp _http;

    internal DeadLettersClient(GatewayHttp http) => _http = http;

    /// <summary>Dead letters, newest first; pass <see cref="DeadLetterPage.NextCursor"/> for the next page.</summary>
    [GatewayRoute("GET", "/v1/dead-letters")]
    public Task<DeadLetterPage> ListAsync(string? endpointId = null, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<DeadLetterPage>(Query.Path("/v1/dead-letters", ("endpointId", endpointId), ("limit", limit), ("cursor", cursor)), cancellationToken);

    [GatewayRoute("GET", "/v1/endpoints/{endpointId}/dead-letters")]
    public Task<DeadLetterPage> ListForEndpointAsync(string endpointId, int? limit = null, string? cursor = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<DeadLetterPage>(Query.Path($"/v1/endpoints/{Query.Segment(endpointId)}/dead-letters", ("limit", limit), ("cursor", cursor)), cancellationToken);

    [GatewayRoute("GET", "/v1/dead-letters/{id}")]
    public Task<DeadLetter> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<DeadLetter>(Path(id), cancellationToken);

    [GatewayRoute("DELETE", "/v1/dead-letters/{id}")]
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, Path(id), null, cancellationToken);

    /// <summary>Replays one dead letter: the same <c>webhook-id</c>, fresh attempts.</summary>
    [GatewayRoute("POST", "/v1/dead-letters/{id}/replay")]
    public Task<ReplayResult> ReplayAsync(string id, CancellationToken cancellationToken = default) =>
        _http.SendAsync<ReplayResult>(HttpMethod.Post, Path(id) + "/replay", null, cancellationToken);

    /// <summary>Replays every dead letter of an endpoint.</summary>
    [GatewayRoute("POST", "/v1/endpoints/{endpointId}/dead-letters/replay")]
    public Task<ReplayResult> ReplayAllAsync(string endpointId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<ReplayResult>(HttpMethod.Post, $"/v1/endpoints/{Query.Segment(endpointId)}/dead-letters/replay", null, cancellationToken);

    private static string Path(string id) => "/v1/dead-letters/" + Query.Segment(id);
}
