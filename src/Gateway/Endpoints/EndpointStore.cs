using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Filters;
using StackExchange.Redis;

namespace Gateway.Endpoints;

/// <summary>
/// Endpoints in Redis (<c>endpoint:{id}</c> plus the tenant's id set), cached in memory per tenant and per id.
/// Writers publish on the <see cref="ChangeFeed"/>, so every process drops its copy within milliseconds.
/// </summary>
public sealed class EndpointStore : IEndpointDirectory
{
    private readonly RedisStore _store;
    private readonly ChangeFeed _changes;
    private readonly DeliveryQueue _queues;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Lazy<Task<ImmutableArray<EndpointSnapshot>>>> _byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EndpointSnapshot> _byId = new(StringComparer.Ordinal);

    public EndpointStore(RedisStore store, ChangeFeed changes, DeliveryQueue queues, TimeProvider time)
    {
        _store = store;
        _changes = changes;
        _queues = queues;
        _time = time;
        _changes.OnChange((kind, id) =>
        {
            if (kind != "endpoint")
            {
                return;
            }

            // id is "{tenantId}/{endpointId}"
            var slash = id.IndexOf('/');
            if (slash > 0)
            {
                _byTenant.TryRemove(id[..slash], out _);
                _byId.TryRemove(id[(slash + 1)..], out _);
            }

            Changed?.Invoke(slash > 0 ? id[(slash + 1)..] : id);
        });
        _changes.OnReset(() =>
        {
            _byTenant.Clear();
            _byId.Clear();
            Changed?.Invoke(null);
        });
    }

    /// <summary>Raised with an endpoint id when it changed anywhere, or null when everything may have.</summary>
    public event Action<string?>? Changed;

    private RedisKeys Keys => _store.Keys;

    /// <summary>The tenant's endpoints, enabled or not, from the cache.</summary>
    public Task<ImmutableArray<EndpointSnapshot>> ForTenantAsync(string tenantId)
    {
        var lazy = _byTenant.GetOrAdd(tenantId, id => new Lazy<Task<ImmutableArray<EndpointSnapshot>>>(() => LoadTenantAsync(id)));
        var task = lazy.Value;
        if (task.IsFaulted)
        {
            // Do not cache a failed load (e.g. Redis was briefly unreachable).
            _byTenant.TryRemove(new KeyValuePair<string, Lazy<Task<ImmutableArray<EndpointSnapshot>>>>(tenantId, lazy));
        }

        return task;
    }

    /// <summary>One endpoint by id, from the cache; null when it does not exist.</summary>
    public async ValueTask<EndpointSnapshot?> GetAsync(string endpointId)
    {
        if (_byId.TryGetValue(endpointId, out var cached))
        {
            return cached;
        }

        var json = await _store.Database.StringGetAsync(Keys.Endpoint(endpointId)).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        var snapshot = Compile(JsonSerializer.Deserialize<WebhookEndpoint>((string)json!, GatewayJson.Options)!);
        _byId[endpointId] = snapshot;
        return snapshot;
    }

    /// <summary>One endpoint of one tenant; null (answered as 404) when it belongs to another tenant.</summary>
    public async ValueTask<WebhookEndpoint?> GetForTenantAsync(string tenantId, string endpointId)
    {
        var snapshot = await GetAsync(endpointId).ConfigureAwait(false);
        return snapshot?.Endpoint.TenantId == tenantId ? snapshot.Endpoint : null;
    }

    public async Task SaveAsync(WebhookEndpoint endpoint)
    {
        var db = _store.Database;
        await db.StringSetAsync(Keys.Endpoint(endpoint.Id), JsonSerializer.Serialize(endpoint, GatewayJson.Options)).ConfigureAwait(false);
        await db.SetAddAsync(Keys.TenantEndpoints(endpoint.TenantId), endpoint.Id).ConfigureAwait(false);
        await _changes.PublishAsync("endpoint", $"{endpoint.TenantId}/{endpoint.Id}").ConfigureAwait(false);
    }

    /// <summary>
    /// Rewrites one stored endpoint with <paramref name="change"/> (null: leave it), only if nobody changed it between
    /// the read and the write (a tenant's PATCH wins; the change is then tried again on what it wrote).
    /// </summary>
    /// <returns>Whether it wrote.</returns>
    public async Task<bool> RewriteAsync(string endpointId, Func<WebhookEndpoint, WebhookEndpoint?> change)
    {
        var db = _store.Database;
        var key = Keys.Endpoint(endpointId);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var json = await db.StringGetAsync(key).ConfigureAwait(false);
            if (json.IsNullOrEmpty || change(JsonSerializer.Deserialize<WebhookEndpoint>((string)json!, GatewayJson.Options)!) is not { } changed)
            {
                return false;
            }

            var transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.StringEqual(key, json));
            _ = transaction.StringSetAsync(key, JsonSerializer.Serialize(changed, GatewayJson.Options));
            if (await transaction.ExecuteAsync().ConfigureAwait(false))
            {
                await _changes.PublishAsync("endpoint", $"{changed.TenantId}/{changed.Id}").ConfigureAwait(false);
                return true;
            }
        }

        throw new InvalidOperationException($"Endpoint {endpointId} kept changing while it was rewritten.");
    }

    public async Task DeleteAsync(WebhookEndpoint endpoint)
    {
        var db = _store.Database;
        await db.KeyDeleteAsync(Keys.Endpoint(endpoint.Id)).ConfigureAwait(false);
        await db.SetRemoveAsync(Keys.TenantEndpoints(endpoint.TenantId), endpoint.Id).ConfigureAwait(false);
        await _queues.DeleteAsync(endpoint.Id).ConfigureAwait(false);
        await _changes.PublishAsync("endpoint", $"{endpoint.TenantId}/{endpoint.Id}").ConfigureAwait(false);
    }

    /// <summary>Every endpoint id of every tenant, for the workers.</summary>
    public async Task<IReadOnlyList<string>> AllIdsAsync()
    {
        var db = _store.Database;
        var tenants = await db.SetMembersAsync(Keys.Tenants).ConfigureAwait(false);
        var all = new List<string>();
        foreach (var tenant in tenants)
        {
            var ids = await db.SetMembersAsync(Keys.TenantEndpoints((string)tenant!)).ConfigureAwait(false);
            all.AddRange(ids.Select(id => (string)id!));
        }

        return all;
    }

    async ValueTask<WebhookEndpoint?> IEndpointDirectory.FindAsync(string endpointId) =>
        (await GetAsync(endpointId).ConfigureAwait(false))?.Endpoint;

    async Task<IReadOnlyList<WebhookEndpoint>> IEndpointDirectory.ForTenantAsync(string tenantId) =>
        [.. (await ForTenantAsync(tenantId).ConfigureAwait(false)).Select(s => s.Endpoint)];

    async Task<bool> IEndpointDirectory.DisableAsync(string endpointId, string reason)
    {
        // Re-read so a concurrent change by the tenant is not overwritten.
        var current = (await GetAsync(endpointId).ConfigureAwait(false))?.Endpoint;
        if (current is null || current.Disabled)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        await SaveAsync(current with { Disabled = true, DisabledReason = reason, DisabledAt = now, UpdatedAt = now }).ConfigureAwait(false);
        return true;
    }

    private async Task<ImmutableArray<EndpointSnapshot>> LoadTenantAsync(string tenantId)
    {
        var db = _store.Database;
        var ids = await db.SetMembersAsync(Keys.TenantEndpoints(tenantId)).ConfigureAwait(false);
        // One GET per endpoint (pipelined): endpoint keys live in different cluster slots, so no MGET.
        var loads = ids.Select(id => db.StringGetAsync(Keys.Endpoint((string)id!))).ToArray();
        var values = await Task.WhenAll(loads).ConfigureAwait(false);
        var builder = ImmutableArray.CreateBuilder<EndpointSnapshot>(values.Length);
        foreach (var value in values)
        {
            if (!value.IsNullOrEmpty)
            {
                var snapshot = Compile(JsonSerializer.Deserialize<WebhookEndpoint>((string)value!, GatewayJson.Options)!);
                builder.Add(snapshot);
                _byId[snapshot.Endpoint.Id] = snapshot;
            }
        }

        return [.. builder.OrderBy(s => s.Endpoint.CreatedAt)];
    }

    private static EndpointSnapshot Compile(WebhookEndpoint endpoint)
    {
        if (endpoint.Filter is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } element)
        {
            return new EndpointSnapshot(endpoint, null, FilterInvalid: false);
        }

        // Filters were validated when saved; one that no longer compiles (a newer, stricter gateway) matches nothing rather than everything.
        var filter = EventFilter.Compile(element).Filter;
        return new EndpointSnapshot(endpoint, filter, FilterInvalid: filter is null);
    }
}
