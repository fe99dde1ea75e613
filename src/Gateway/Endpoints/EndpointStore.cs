using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Gateway.Filters;
using Gateway.Storage;

namespace Gateway.Endpoints;

/// <summary>
/// Endpoints in Redis (<c>endpoint:{id}</c> plus the tenant's id set), cached in memory per tenant and per id.
/// Writers publish on the <see cref="ChangeFeed"/>, so every process drops its copy within milliseconds.
/// </summary>
public sealed class EndpointStore
{
    private readonly RedisStore _store;
    private readonly ChangeFeed _changes;
    private readonly ConcurrentDictionary<string, Lazy<Task<ImmutableArray<EndpointSnapshot>>>> _byTenant = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, EndpointSnapshot> _byId = new(StringComparer.Ordinal);

    public EndpointStore(RedisStore store, ChangeFeed changes)
    {
        _store = store;
        _changes = changes;
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

    public async Task DeleteAsync(WebhookEndpoint endpoint)
    {
        var db = _store.Database;
        await db.KeyDeleteAsync(Keys.Endpoint(endpoint.Id)).ConfigureAwait(false);
        await db.SetRemoveAsync(Keys.TenantEndpoints(endpoint.TenantId), endpoint.Id).ConfigureAwait(false);
        // The queue's keys share one hash tag, so one DEL per key is cluster-safe; delete them together.
        await db.KeyDeleteAsync(
        [
            Keys.Ready(endpoint.Id), Keys.Scheduled(endpoint.Id), Keys.Leases(endpoint.Id), Keys.Messages(endpoint.Id),
            Keys.DeadLetters(endpoint.Id), Keys.DeadLetterRecords(endpoint.Id), Keys.Attempts(endpoint.Id),
            Keys.Stats(endpoint.Id), Keys.Activity(endpoint.Id), Keys.Health(endpoint.Id), Keys.Filtered(endpoint.Id), Keys.Completed(endpoint.Id),
        ]).ConfigureAwait(false);
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
