using Gateway.Client.Http;

namespace Gateway.Client.Keys;

/// <summary>The calling tenant's own API keys: rotate by issuing a new one, then revoking the old.</summary>
public sealed class KeysClient
{
    private readonly GatewayHttp _http;

    internal KeysClient(GatewayHttp http) => _http = http;

    /// <summary>Issues a key; <see cref="KeyIssued.ApiKey"/> is shown this once.</summary>
    [GatewayRoute("POST", "/v1/keys")]
    public Task<KeyIssued> CreateAsync(string? scope = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<KeyIssued>(HttpMethod.Post, "/v1/keys", new { scope }, cancellationToken);

    [GatewayRoute("GET", "/v1/keys")]
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<ApiKey>>("/v1/keys", cancellationToken)).Data;

    [GatewayRoute("DELETE", "/v1/keys/{keyId}")]
    public Task RevokeAsync(string keyId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, "/v1/keys/" + Query.Segment(keyId), null, cancellationToken);
}

/// <param name="Scope">tenant, or admin (may also force order statuses).</param>
public sealed record KeyIssued(string KeyId, string ApiKey, string Scope, DateTimeOffset CreatedAt);

/// <summary>A key as listed: never the key itself.</summary>
public sealed record ApiKey(string KeyId, string Scope, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt);
