using System.Globalization;
using System.Text.Json;
using Gateway.Delivery.Storage;
using StackExchange.Redis;

namespace Gateway.Orders;

/// <summary>Order status and history in Redis: a state hash and a history list per order, changed only by <see cref="OrderScripts.ChangeStatus"/>.</summary>
public sealed class OrderStore(RedisStore store)
{
    public async Task<StatusChangeResult> ChangeAsync(string tenantId, string orderId, StatusChange change)
    {
        // The store writes the entry's leading fields (version, from), so it gets the serialised entry without its brace.
        var entry = JsonSerializer.Serialize(change.Entry, GatewayJson.Options)[1..];
        var result = (RedisResult[])(await OrderScripts.ChangeStatus.EvaluateAsync(store.Database, new
        {
            state = (RedisKey)store.Keys.OrderState(tenantId, orderId), history = (RedisKey)store.Keys.OrderHistory(tenantId, orderId),
            outbox = (RedisKey)store.Keys.OrderOutbox(RedisKeys.OrderShard(tenantId, orderId)),
            to = change.To, ifMatch = change.IfMatch ?? "", initial = change.Initial, forced = change.Forced ? "1" : "0",
            openSources = string.Join('\n', change.OpenSources), adminOnlySources = string.Join('\n', change.AdminOnlySources), entry,
            customer = change.CustomerJson ?? "", items = change.ItemsJson ?? "", requireDetails = change.RequireDetails ? "1" : "0",
            nowText = change.Entry.At.ToString("O", CultureInfo.InvariantCulture), outboxPrefix = OutboxPrefix(tenantId, orderId),
            nowMs = change.Entry.At.ToUnixTimeMilliseconds(),
        }).ConfigureAwait(false))!;

        var version = (long)result[1];
        var from = (string?)result[2] is { Length: > 0 } f ? f : null;
        return (string)result[0]! switch
        {
            "ok" => new StatusChangeResult(StatusChangeOutcome.Applied, version, from, (string?)result[3], (string?)result[4]),
            "precondition" => new StatusChangeResult(StatusChangeOutcome.PreconditionFailed, version, from),
            "forbidden" => new StatusChangeResult(StatusChangeOutcome.Forbidden, version, from),
            "conflict" => new StatusChangeResult(StatusChangeOutcome.Conflict, version, from),
            "incomplete" => new StatusChangeResult(StatusChangeOutcome.MissingDetails, version, from),
            var other => throw new InvalidOperationException($"Unexpected answer '{other}' from the status script."),
        };
    }

    /// <summary>The order's status and version, or null when the tenant has no such order.</summary>
    public async Task<(string Status, long Version)?> GetStateAsync(string tenantId, string orderId)
    {
        var values = await store.Database.HashGetAsync(store.Keys.OrderState(tenantId, orderId), ["status", "version"]).ConfigureAwait(false);
        return values[0].IsNull ? null : ((string)values[0]!, (long)values[1]);
    }

    public async Task<OrderRecord?> GetAsync(string tenantId, string orderId)
    {
        var result = (RedisResult[])(await OrderScripts.Read.EvaluateAsync(store.Database, new
        {
            state = (RedisKey)store.Keys.OrderState(tenantId, orderId), history = (RedisKey)store.Keys.OrderHistory(tenantId, orderId),
        }).ConfigureAwait(false))!;
        var fields = (RedisResult[])result[0]!;
        if (fields.Length == 0)
        {
            return null;
        }

        var state = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < fields.Length; i += 2)
        {
            state[(string)fields[i]!] = (string)fields[i + 1]!;
        }

        var history = ((RedisResult[])result[1]!).Select(e => Parse((string)e!)!.Value).ToList();
        return new OrderRecord(
            orderId,
            state["status"],
            long.Parse(state["version"], CultureInfo.InvariantCulture),
            Time(state.GetValueOrDefault("createdAt")),
            Time(state.GetValueOrDefault("updatedAt")),
            Parse(state.GetValueOrDefault("customer")),
            Parse(state.GetValueOrDefault("items")),
            history);
    }

    /// <summary>The event of version <paramref name="version"/> was handed to ingestion: drop it from the outbox.</summary>
    public Task SentAsync(string tenantId, string orderId, long version) =>
        store.Database.SortedSetRemoveAsync(store.Keys.OrderOutbox(RedisKeys.OrderShard(tenantId, orderId)), OutboxPrefix(tenantId, orderId) + version.ToString(CultureInfo.InvariantCulture));

    /// <summary>Outbox entries of one shard older than <paramref name="cutoffMs"/>: (tenant, order, version).</summary>
    public async Task<IReadOnlyList<(string TenantId, string OrderId, long Version)>> StaleOutboxAsync(int shard, long cutoffMs)
    {
        var members = await store.Database.SortedSetRangeByScoreAsync(store.Keys.OrderOutbox(shard), double.NegativeInfinity, cutoffMs, take: 200).ConfigureAwait(false);
        return [.. members.Select(m => ((string)m!).Split('\n')).Where(p => p.Length == 3).Select(p => (p[0], p[1], long.Parse(p[2], CultureInfo.InvariantCulture)))];
    }

    private static string OutboxPrefix(string tenantId, string orderId) => tenantId + "\n" + orderId + "\n";

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static DateTimeOffset? Time(string? value) =>
        value is null ? null : DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
