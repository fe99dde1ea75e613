using Gateway.Client.ConsoleSessions;
using Gateway.Client.Http;
using Gateway.Client.Keys;

namespace Gateway.Client.Admin;

/// <summary>The operator's calls, made with the admin key: tenants, their keys and console sessions.</summary>
public sealed class AdminClient
{
    private readonly GatewayHttp _http;

    internal AdminClient(GatewayHttp http) => _http = http;

    /// <summary>Creates a tenant; <see cref="TenantCreated.ApiKey"/> is shown this once.</summary>
    [GatewayRoute("POST", "/admin/tenants")]
    public Task<TenantCreated> CreateTenantAsync(string name, CancellationToken cancellationToken = default) =>
        _http.SendAsync<TenantCreated>(HttpMethod.Post, "/admin/tenants", new { name }, cancellationToken);

    /// <summary>The operator key's state: the current key id, every key id this process can decrypt with, and any problem.</summary>
    [GatewayRoute("GET", "/admin/encryption")]
    public Task<EncryptionStatus> GetEncryptionAsync(CancellationToken cancellationToken = default) =>
        _http.GetAsync<EncryptionStatus>("/admin/encryption", cancellationToken);

    /// <summary>Re-encrypts every endpoint's secrets under the current key (after a key rotation).</summary>
    [GatewayRoute("POST", "/admin/encryption/reencrypt")]
    public Task<ReencryptionReport> ReencryptAsync(CancellationToken cancellationToken = default) =>
        _http.SendAsync<ReencryptionReport>(HttpMethod.Post, "/admin/encryption/reencrypt", null, cancellationToken);

    [GatewayRoute("GET", "/admin/tenants")]
    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<Tenant>>("/admin/tenants", cancellationToken)).Data;

    [GatewayRoute("GET", "/admin/tenants/{tenantId}")]
    public Task<Tenant> GetTenantAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Tenant>(Tenant(tenantId), cancellationToken);

    /// <summary>Issues a key for a tenant: scope <c>tenant</c> (default) or <c>admin</c>.</summary>
    [GatewayRoute("POST", "/admin/tenants/{tenantId}/keys")]
    public Task<KeyIssued> CreateKeyAsync(string tenantId, string? scope = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<KeyIssued>(HttpMethod.Post, Tenant(tenantId) + "/keys", new { scope }, cancellationToken);

    [GatewayRoute("GET", "/admin/tenants/{tenantId}/keys")]
    public async Task<IReadOnlyList<ApiKey>> ListKeysAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<ApiKey>>(Tenant(tenantId) + "/keys", cancellationToken)).Data;

    [GatewayRoute("DELETE", "/admin/tenants/{tenantId}/keys/{keyId}")]
    public Task RevokeKeyAsync(string tenantId, string keyId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, Tenant(tenantId) + "/keys/" + Query.Segment(keyId), null, cancellationToken);

    [GatewayRoute("POST", "/admin/tenants/{tenantId}/console-sessions")]
    public Task<ConsoleLink> CreateConsoleLinkAsync(string tenantId, CancellationToken cancellationToken = default) =>
        _http.SendAsync<ConsoleLink>(HttpMethod.Post, Tenant(tenantId) + "/console-sessions", null, cancellationToken);

    [GatewayRoute("GET", "/admin/tenants/{tenantId}/console-sessions")]
    public async Task<IReadOnlyList<ConsoleSession>> ListConsoleSessionsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<ConsoleSession>>(Tenant(tenantId) + "/console-sessions", cancellationToken)).Data;

    [GatewayRoute("DELETE", "/admin/tenants/{tenantId}/console-sessions/{sessionId}")]
    public Task RevokeConsoleSessionAsync(string tenantId, string sessionId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, Tenant(tenantId) + "/console-sessions/" + Query.Segment(sessionId), null, cancellationToken);

    [GatewayRoute("DELETE", "/admin/tenants/{tenantId}/console-sessions")]
    public async Task<int> RevokeConsoleSessionsAsync(string tenantId, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync<Revoked>(HttpMethod.Delete, Tenant(tenantId) + "/console-sessions", null, cancellationToken)).Count;

    private static string Tenant(string tenantId) => "/admin/tenants/" + Query.Segment(tenantId);
}

public sealed record TenantCreated(string Id, string Name, string ApiKey, DateTimeOffset CreatedAt);

/// <param name="Workflow">The order-status workflow preset or custom name; null until one is chosen.</param>
public sealed record Tenant(string Id, string Name, DateTimeOffset CreatedAt, string? Workflow = null);

/// <summary>The operator key that encrypts endpoint secrets at rest: the current key's id, every id this process opens, and why not ready when it is not.</summary>
public sealed record EncryptionStatus(string? KeyId, IReadOnlyList<string> KeyIds, string? Problem);

/// <summary>What a re-encryption did: endpoints checked, rewritten under <see cref="KeyId"/>, and those no configured key opens.</summary>
public sealed record ReencryptionReport(string KeyId, int Endpoints, int Reencrypted, int Unreadable, string? Problem);
