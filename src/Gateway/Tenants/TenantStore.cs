using System.Collections.Concurrent;
using System.Text.Json;
using Gateway.Delivery.Storage;

namespace Gateway.Tenants;

/// <summary>Tenants and their API keys in Redis, with key lookups cached and invalidated through <see cref="ChangeFeed"/>.</summary>
public sealed class TenantStore
{
    private readonly RedisStore _store;
    private readonly ChangeFeed _changes;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TenantPrincipal> _principals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Tenant> _tenants = new(StringComparer.Ordinal);

    public TenantStore(RedisStore store, ChangeFeed changes, TimeProvider time)
    {
        _store = store;
        _changes = changes;
        _time = time;
        _changes.OnChange((kind, id) =>
        {
            if (kind == "key")
            {
                _principals.TryRemove(id, out _);
            }
            else if (kind == "tenant")
            {
                _tenants.TryRemove(id, out _);
            }
        });
        _changes.OnReset(() =>
        {
            _principals.Clear();
            _tenants.Clear();
        });
    }

    private RedisKeys Keys => _store.Keys;

    public async Task<(Tenant Tenant, string ApiKey)> CreateAsync(string name)
    {
        var tenant = new Tenant(Ids.New("ten"), name, _time.GetUtcNow());
        var db = _store.Database;
        await db.StringSetAsync(Keys.Tenant(tenant.Id), JsonSerializer.Serialize(tenant, GatewayJson.Options)).ConfigureAwait(false);
        await db.SetAddAsync(Keys.Tenants, tenant.Id).ConfigureAwait(false);
        var (_, apiKey) = await IssueKeyAsync(tenant.Id, "tenant").ConfigureAwait(false);
        return (tenant, apiKey);
    }

    public async Task<Tenant?> GetAsync(string tenantId)
    {
        if (_tenants.TryGetValue(tenantId, out var cached))
        {
            return cached;
        }

        var json = await _store.Database.StringGetAsync(Keys.Tenant(tenantId)).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        var tenant = JsonSerializer.Deserialize<Tenant>((string)json!, GatewayJson.Options)!;
        _tenants[tenantId] = tenant;
        return tenant;
    }

    public async Task SaveAsync(Tenant tenant)
    {
        await _store.Database.StringSetAsync(Keys.Tenant(tenant.Id), JsonSerializer.Serialize(tenant, GatewayJson.Options)).ConfigureAwait(false);
        await _changes.PublishAsync("tenant", tenant.Id).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListIdsAsync()
    {
        var members = await _store.Database.SetMembersAsync(Keys.Tenants).ConfigureAwait(false);
        return [.. members.Select(m => (string)m!)];
    }

    /// <summary>Issues a new key for a tenant. <paramref name="scope"/> is <c>tenant</c> or <c>admin</c> (elevated).</summary>
    public async Task<(ApiKeyRecord Record, string ApiKey)> IssueKeyAsync(string tenantId, string scope)
    {
        var apiKey = ApiKeys.Generate();
        var record = new ApiKeyRecord(Ids.New("key", 16), ApiKeys.Hash(apiKey), scope, _time.GetUtcNow());
        var db = _store.Database;
        await db.HashSetAsync(Keys.TenantKeys(tenantId), record.KeyId, JsonSerializer.Serialize(record, GatewayJson.Options)).ConfigureAwait(false);
        await db.StringSetAsync(Keys.ApiKey(record.Hash), $"{tenantId}|{record.KeyId}|{scope}").ConfigureAwait(false);
        return (record, apiKey);
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListKeysAsync(string tenantId)
    {
        var entries = await _store.Database.HashValuesAsync(Keys.TenantKeys(tenantId)).ConfigureAwait(false);
        return [.. entries.Select(e => JsonSerializer.Deserialize<ApiKeyRecord>((string)e!, GatewayJson.Options)!).OrderBy(k => k.CreatedAt)];
    }

    /// <summary>True when the tenant has the key and it is not revoked.</summary>
    public async Task<bool> IsKeyLiveAsync(string tenantId, string keyId)
    {
        var json = await _store.Database.HashGetAsync(Keys.TenantKeys(tenantId), keyId).ConfigureAwait(false);
        return !json.IsNullOrEmpty && JsonSerializer.Deserialize<ApiKeyRecord>((string)json!, GatewayJson.Options)!.RevokedAt is null;
    }

    /// <summary>Revokes a key; false when the tenant has no such key.</summary>
    public async Task<bool> RevokeKeyAsync(string tenantId, string keyId)
    {
        var db = _store.Database;
        var json = await db.HashGetAsync(Keys.TenantKeys(tenantId), keyId).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return false;
        }

        var record = JsonSerializer.Deserialize<ApiKeyRecord>((string)json!, GatewayJson.Options)!;
        await db.KeyDeleteAsync(Keys.ApiKey(record.Hash)).ConfigureAwait(false);
        await db.HashSetAsync(Keys.TenantKeys(tenantId), keyId, JsonSerializer.Serialize(record with { RevokedAt = _time.GetUtcNow() }, GatewayJson.Options)).ConfigureAwait(false);
        await _changes.PublishAsync("key", record.Hash).ConfigureAwait(false);
        return true;
    }

    /// <summary>Resolves a presented key to its tenant, or null.</summary>
    public async ValueTask<TenantPrincipal?> AuthenticateAsync(string apiKey)
    {
        var hash = ApiKeys.Hash(apiKey);
        if (_principals.TryGetValue(hash, out var cached))
        {
            return cached;
        }

        var value = await _store.Database.StringGetAsync(Keys.ApiKey(hash)).ConfigureAwait(false);
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        var parts = ((string)value!).Split('|');
        var principal = new TenantPrincipal(parts[0], parts[1], parts.Length > 2 ? parts[2] : "tenant");
        _principals[hash] = principal;
        return principal;
    }
}
