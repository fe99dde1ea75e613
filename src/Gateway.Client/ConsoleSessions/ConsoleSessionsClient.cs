using Gateway.Client.Http;

namespace Gateway.Client.ConsoleSessions;

/// <summary>Single-use links to the tenant's browser console, and the sessions they opened.</summary>
public sealed class ConsoleSessionsClient
{
    private readonly GatewayHttp _http;

    internal ConsoleSessionsClient(GatewayHttp http) => _http = http;

    /// <summary>A link that works once, for an hour; opening it starts a session of at most 12 hours.</summary>
    [GatewayRoute("POST", "/v1/console-sessions")]
    public Task<ConsoleLink> CreateLinkAsync(CancellationToken cancellationToken = default) =>
        _http.SendAsync<ConsoleLink>(HttpMethod.Post, "/v1/console-sessions", null, cancellationToken);

    [GatewayRoute("GET", "/v1/console-sessions")]
    public async Task<IReadOnlyList<ConsoleSession>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<ConsoleSession>>("/v1/console-sessions", cancellationToken)).Data;

    [GatewayRoute("DELETE", "/v1/console-sessions/{sessionId}")]
    public Task RevokeAsync(string sessionId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, "/v1/console-sessions/" + Query.Segment(sessionId), null, cancellationToken);

    /// <summary>Revokes every console session of the tenant; answers how many.</summary>
    [GatewayRoute("DELETE", "/v1/console-sessions")]
    public async Task<int> RevokeAllAsync(CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<Revoked>(HttpMethod.Delete, "/v1/console-sessions", null, cancellationToken)).Count;
}

/// <param name="Id">The link's id, as the gateway lists it until the link is opened.</param>
public sealed record ConsoleLink(string Id, string Url, DateTimeOffset ExpiresAt);

public sealed record ConsoleSession(string Id, string TenantId, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

internal sealed record Revoked([property: System.Text.Json.Serialization.JsonPropertyName("revoked")] int Count);
