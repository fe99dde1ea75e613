using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json;
using Gateway.Delivery.Storage;

namespace Gateway.Schemas;

/// <summary>
/// The event types a tenant can send: the built-in catalog loaded from <c>schemas/</c> at start, plus the
/// tenant's own types (Redis, cached per tenant, invalidated through the <see cref="ChangeFeed"/>).
/// </summary>
public sealed partial class EventTypeRegistry
{
    private readonly SchemaCatalog _catalog;
    private readonly RedisStore _store;
    private readonly ChangeFeed _changes;
    private readonly ILogger<EventTypeRegistry> _logger;
    private readonly ConcurrentDictionary<string, Lazy<Task<ImmutableDictionary<string, EventTypeSchema>>>> _custom = new(StringComparer.Ordinal);

    public EventTypeRegistry(SchemaCatalog catalog, RedisStore store, ChangeFeed changes, ILogger<EventTypeRegistry> logger)
    {
        _logger = logger;
        _catalog = catalog;
        _store = store;
        _changes = changes;
        _changes.OnChange((kind, id) =>
        {
            if (kind == "eventtypes")
            {
                _custom.TryRemove(id, out _);
            }
        });
        _changes.OnReset(_custom.Clear);
    }

    public IReadOnlyCollection<EventTypeSchema> BuiltIn => _catalog.BuiltIn;

    public async ValueTask<EventTypeSchema?> FindAsync(string tenantId, string eventType)
    {
        if (_catalog.TryGet(eventType, out var schema))
        {
            return schema;
        }

        var custom = await CustomAsync(tenantId).ConfigureAwait(false);
        return custom.GetValueOrDefault(eventType);
    }

    /// <summary>Every type name the tenant may subscribe to.</summary>
    public async Task<IReadOnlyList<string>> NamesAsync(string tenantId)
    {
        var custom = await CustomAsync(tenantId).ConfigureAwait(false);
        return [.. _catalog.BuiltIn.Select(s => s.Name).Concat(custom.Keys).Order(StringComparer.Ordinal)];
    }

    public async Task<IReadOnlyList<(EventTypeSchema Schema, bool BuiltIn)>> ListAsync(string tenantId)
    {
        var custom = await CustomAsync(tenantId).ConfigureAwait(false);
        return [.. _catalog.BuiltIn.Select(s => (s, true)).Concat(custom.Values.Select(s => (s, false))).OrderBy(t => t.Item1.Name, StringComparer.Ordinal)];
    }

    public bool IsBuiltIn(string eventType) => _catalog.TryGet(eventType, out _);

    public async Task SaveCustomAsync(string tenantId, CustomEventType type)
    {
        await _store.Database.HashSetAsync(_store.Keys.TenantEventTypes(tenantId), type.Name, JsonSerializer.Serialize(type, GatewayJson.Options)).ConfigureAwait(false);
        await _changes.PublishAsync("eventtypes", tenantId).ConfigureAwait(false);
    }

    public async Task<bool> DeleteCustomAsync(string tenantId, string name)
    {
        var removed = await _store.Database.HashDeleteAsync(_store.Keys.TenantEventTypes(tenantId), name).ConfigureAwait(false);
        await _changes.PublishAsync("eventtypes", tenantId).ConfigureAwait(false);
        return removed;
    }

    private Task<ImmutableDictionary<string, EventTypeSchema>> CustomAsync(string tenantId)
    {
        var lazy = _custom.GetOrAdd(tenantId, id => new Lazy<Task<ImmutableDictionary<string, EventTypeSchema>>>(() => LoadAsync(id)));
        if (lazy.Value.IsFaulted)
        {
            _custom.TryRemove(new KeyValuePair<string, Lazy<Task<ImmutableDictionary<string, EventTypeSchema>>>>(tenantId, lazy));
        }

        return lazy.Value;
    }

    private async Task<ImmutableDictionary<string, EventTypeSchema>> LoadAsync(string tenantId)
    {
        var entries = await _store.Database.HashGetAllAsync(_store.Keys.TenantEventTypes(tenantId)).ConfigureAwait(false);
        var builder = ImmutableDictionary.CreateBuilder<string, EventTypeSchema>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var type = JsonSerializer.Deserialize<CustomEventType>((string)entry.Value!, GatewayJson.Options)!;
            try
            {
                builder[type.Name] = await EventTypeSchema.FromJsonAsync(type.Name, type.Schema.GetRawText()).ConfigureAwait(false);
            }
            catch (SchemaDefinitionException ex)
            {
                // Registered before a rule it breaks existed (a backtracking pattern, a reference loop): its events
                // answer 422 "unknown type" rather than every one failing with 500, or worse.
                LogUnusableType(_logger, type.Name, tenantId, ex.Message);
            }
        }

        return builder.ToImmutable();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Event type {EventType} of tenant {TenantId} is stored but no longer accepted, so it is ignored: {Reason}")]
    private static partial void LogUnusableType(ILogger logger, string eventType, string tenantId, string reason);
}
