using Gateway.Client.Http;

namespace Gateway.Client.Endpoints;

/// <summary>Subscriber endpoints: filters, ordering, secrets, health and test events.</summary>
public sealed class EndpointsClient
{
    private readonly GatewayHttp _http;

    internal EndpointsClient(GatewayHttp http) => _http = http;

    /// <summary>Creates an endpoint; the answer holds its signing secret (<c>whsec_…</c>).</summary>
    [GatewayRoute("POST", "/v1/endpoints")]
    public Task<Endpoint> CreateAsync(EndpointRequest endpoint, CancellationToken cancellationToken = default) =>
        _http.SendAsync<Endpoint>(HttpMethod.Post, "/v1/endpoints", endpoint, cancellationToken);

    [GatewayRoute("GET", "/v1/endpoints")]
    public async Task<IReadOnlyList<Endpoint>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<Endpoint>>("/v1/endpoints", cancellationToken)).Data;

    [GatewayRoute("GET", "/v1/endpoints/{id}")]
    public Task<Endpoint> GetAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Endpoint>(Path(id), cancellationToken);

    /// <summary>Changes the fields that are set in <paramref name="changes"/>; the others stay.</summary>
    [GatewayRoute("PATCH", "/v1/endpoints/{id}")]
    public Task<Endpoint> UpdateAsync(string id, EndpointUpdate changes, CancellationToken cancellationToken = default) =>
        _http.SendAsync<Endpoint>(HttpMethod.Patch, Path(id), changes, cancellationToken);

    /// <summary>Deletes an endpoint with its queue and dead letters.</summary>
    [GatewayRoute("DELETE", "/v1/endpoints/{id}")]
    public Task DeleteAsync(string id, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, Path(id), null, cancellationToken);

    /// <summary>The endpoint's scheme and what a receiver verifies with: a v1 endpoint's <c>whsec_</c> secret, or a v1a one's <c>whpk_</c> public key.</summary>
    [GatewayRoute("GET", "/v1/endpoints/{id}/secret")]
    public Task<SecretView> GetSigningKeyAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<SecretView>(Path(id) + "/secret", cancellationToken);

    /// <summary>What a receiver verifies with: the <c>whsec_</c> secret of a v1 endpoint, the <c>whpk_</c> public key of a v1a one.</summary>
    public async Task<string> GetSecretAsync(string id, CancellationToken cancellationToken = default)
    {
        var view = await GetSigningKeyAsync(id, cancellationToken);
        return view.Secret ?? view.PublicKey!;
    }

    /// <summary>Rotates the secret (a generated one unless given); the old one keeps signing during the overlap.</summary>
    [GatewayRoute("POST", "/v1/endpoints/{id}/secret/rotate")]
    public Task<SecretRotated> RotateSecretAsync(string id, string? newSecret = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<SecretRotated>(HttpMethod.Post, Path(id) + "/secret/rotate", new { secret = newSecret }, cancellationToken);

    [GatewayRoute("GET", "/v1/endpoints/{id}/health")]
    public Task<EndpointHealth> GetHealthAsync(string id, CancellationToken cancellationToken = default) =>
        _http.GetAsync<EndpointHealth>(Path(id) + "/health", cancellationToken);

    /// <summary>Sends a test event to this endpoint alone: the type's example, or <paramref name="payload"/>.</summary>
    [GatewayRoute("POST", "/v1/endpoints/{id}/test")]
    public Task<TestEventResult> SendTestAsync(string id, string? eventType = null, object? payload = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<TestEventResult>(HttpMethod.Post, Path(id) + "/test", new { eventType, payload }, cancellationToken);

    /// <summary>Renders draft e-mail settings as a send would (same sandbox and bounds); nothing is sent. A bad template
    /// or address throws a <see cref="GatewayApiException"/> whose problem points at it (<c>/email/subject</c>).</summary>
    [GatewayRoute("POST", "/v1/endpoints/preview")]
    public Task<EmailPreview> PreviewEmailAsync(EmailPreviewRequest preview, CancellationToken cancellationToken = default) =>
        _http.SendAsync<EmailPreview>(HttpMethod.Post, "/v1/endpoints/preview", preview, cancellationToken);

    /// <summary>Renders an e-mail endpoint's templates (or <see cref="EndpointPreviewRequest.Email"/>) with its item cap; nothing is sent.</summary>
    [GatewayRoute("POST", "/v1/endpoints/{id}/preview")]
    public Task<EmailPreview> PreviewEmailAsync(string id, EndpointPreviewRequest? preview = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<EmailPreview>(HttpMethod.Post, Path(id) + "/preview", preview ?? new EndpointPreviewRequest(), cancellationToken);

    /// <summary>An ordered endpoint's group counts and its blocked groups.</summary>
    [GatewayRoute("GET", "/v1/endpoints/{id}/ordering/groups")]
    public Task<OrderingGroups> GetOrderingGroupsAsync(string id, string? state = null, int? limit = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync<OrderingGroups>(Query.Path(Path(id) + "/ordering/groups", ("state", state), ("limit", limit)), cancellationToken);

    /// <summary>Queues again every failed message (dead-lettered, or waiting for a retry) accepted from
    /// <paramref name="since"/> to <paramref name="until"/> (default: now), in the background; asking again for the same
    /// window while it runs answers the running recovery.</summary>
    [GatewayRoute("POST", "/v1/endpoints/{id}/recover")]
    public Task<Recovery> RecoverAsync(string id, DateTimeOffset since, DateTimeOffset? until = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<Recovery>(HttpMethod.Post, Path(id) + "/recover", new { since, until }, cancellationToken);

    /// <summary>A recovery's progress.</summary>
    [GatewayRoute("GET", "/v1/endpoints/{id}/recover/{recoveryId}")]
    public Task<Recovery> GetRecoveryAsync(string id, string recoveryId, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Recovery>(Path(id) + "/recover/" + Query.Segment(recoveryId), cancellationToken);

    private static string Path(string id) => "/v1/endpoints/" + Query.Segment(id);
}
