using System.Globalization;
using System.Text.Json;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Storage;
using StackExchange.Redis;

namespace Gateway.Delivery.Logs;

public sealed partial class LogReader
{
    /// <summary>Most attempts of one order read from one endpoint's index per lookup, newest first.</summary>
    public const int OrderAttemptLimit = 1000;

    /// <summary>
    /// Every attempt of order <paramref name="objectId"/> at <paramref name="endpointIds"/> within the log retention (and
    /// <paramref name="fromMs"/>, <paramref name="toMs"/> exclusive, when given), as a timeline: events, then endpoints,
    /// then attempts, each newest first. One script call per endpoint, all sent at once; an endpoint the order never
    /// reached costs one lookup of a missing key. An event's targets with no attempt yet follow its attempted ones.
    /// </summary>
    public async Task<OrderTimeline> OrderTimelineAsync(string objectId, IReadOnlyList<string> endpointIds, long? fromMs = null, long? toMs = null)
    {
        var oldest = (time.GetUtcNow() - options.Value.LogRetention).ToUnixTimeMilliseconds();
        var low = Math.Max(oldest, fromMs ?? long.MinValue).ToString(CultureInfo.InvariantCulture);
        var high = toMs is { } to ? (to - 1).ToString(CultureInfo.InvariantCulture) : "+inf";
        var orderKey = OrderIndex.KeyOf(objectId);
        var parts = await Task.WhenAll(endpointIds.Select(id => ReadOrderAsync(id, orderKey, low, high))).ConfigureAwait(false);

        var deliveries = await Task.WhenAll(parts.SelectMany(p => p.Attempts)
            .GroupBy(a => (a.EndpointId, a.Record.MessageId))
            .Select(g => DeliveryAsync(g.Key.EndpointId, [.. g.Select(a => a.Record).OrderByDescending(r => r.At).ThenByDescending(r => r.Attempt)])))
            .ConfigureAwait(false);
        var reached = deliveries.ToLookup(d => d.EventId, d => d.Delivery.EndpointId);
        var waiting = (await Task.WhenAll(reached.Select(e => UnattemptedAsync(e.Key, [.. e], endpointIds))).ConfigureAwait(false))
            .SelectMany(w => w).ToLookup(w => w.EventId, w => w.Delivery);
        var events = deliveries
            .GroupBy(d => d.EventId)
            .Select(g =>
            {
                var newestFirst = g.OrderByDescending(d => d.Delivery.LastAttemptAt).ThenBy(d => d.Delivery.EndpointId, StringComparer.Ordinal).ToList();
                return new OrderEvent(g.Key, newestFirst[0].EventType, newestFirst[0].Delivery.LastAttemptAt!.Value,
                    [.. newestFirst.Select(d => d.Delivery), .. waiting[g.Key].OrderBy(d => d.EndpointId, StringComparer.Ordinal)]);
            })
            .OrderByDescending(e => e.LastAttemptAt).ThenByDescending(e => e.EventId, StringComparer.Ordinal)
            .ToList();
        return new OrderTimeline(objectId, events, parts.Any(p => p.Truncated));
    }

    private async Task<(string EventId, string EventType, OrderDelivery Delivery)> DeliveryAsync(string endpointId, List<AttemptRecord> newestFirst)
    {
        var last = newestFirst[0];
        var attempts = newestFirst.Select(r => new OrderAttempt(r.Attempt, r.At, r.Outcome, r.StatusCode, r.DurationMs, r.Error, r.Response)).ToList();
        // A success is final; after a failure the message may wait for a retry, be leased, or be a dead letter.
        var state = last.Outcome == "success" ? new MessageState(MessageStatus.Delivered) : await MessageStateAsync(endpointId, last.MessageId).ConfigureAwait(false);
        var delivery = new OrderDelivery(endpointId, last.MessageId, StateName(state.Status), last.At, attempts) { NextAttemptAt = state.NextAttemptAt };
        return (last.EventId, last.EventType, delivery);
    }

    /// <summary>
    /// The targets of an event found through its attempts elsewhere that have no attempt of it yet (a delay, a queue
    /// behind), read from the event's record while it is kept; a target whose message has left its queue without a
    /// logged attempt (its entry dropped by count) is left out.
    /// </summary>
    private async Task<IEnumerable<(string EventId, OrderDelivery Delivery)>> UnattemptedAsync(string eventId, HashSet<string> reached, IReadOnlyList<string> endpointIds)
    {
        if (!RedisKeys.TryShardOf(eventId, out var shard)
            || await store.Database.HashGetAsync(Keys.Event(shard, eventId), "g").ConfigureAwait(false) is not { IsNull: false } targets)
        {
            return [];
        }

        var found = new List<(string, OrderDelivery)>();
        foreach (var endpointId in EventTarget.ParseList((string)targets!).Select(t => t.EndpointId).Where(e => !reached.Contains(e) && endpointIds.Contains(e)))
        {
            var messageId = Ids.Message(eventId, endpointId);
            var state = await MessageStateAsync(endpointId, messageId).ConfigureAwait(false);
            if (state.Status != MessageStatus.Delivered)
            {
                found.Add((eventId, new OrderDelivery(endpointId, messageId, StateName(state.Status), null, []) { NextAttemptAt = state.NextAttemptAt }));
            }
        }

        return found;
    }

    private static string StateName(MessageStatus status) => status switch
    {
        MessageStatus.Pending => "pending",
        MessageStatus.InFlight => "in_flight",
        MessageStatus.DeadLettered => "dead_lettered",
        _ => "delivered",
    };

    private async Task<(List<(string EndpointId, AttemptRecord Record)> Attempts, bool Truncated)> ReadOrderAsync(string endpointId, string orderKey, string low, string high)
    {
        var raw = (RedisResult[])(await LogScripts.OrderAttempts.EvaluateAsync(store.Database, new
        {
            index = (RedisKey)Keys.OrderIndex(endpointId, orderKey), attempts = (RedisKey)Keys.Attempts(endpointId),
            high, low, limit = OrderAttemptLimit,
        }).ConfigureAwait(false))!;
        var entries = (RedisResult[])raw[0]!;
        var named = new HashSet<(string, int)>();
        for (var i = 0; i < entries.Length; i += 2)
        {
            if (OrderIndex.TryParseMember((string)entries[i]!, out var messageId, out var attempt))
            {
                named.Add((messageId, attempt));
            }
        }

        var found = new List<(string, AttemptRecord)>();
        foreach (var logged in (RedisResult[])raw[1]!)
        {
            // An entry the log dropped by count (Delivery:AttemptLogSize) is missing here: its index entry names nothing.
            if (JsonSerializer.Deserialize<AttemptRecord>((string)logged!, GatewayJson.Options) is { } record && named.Remove((record.MessageId, record.Attempt)))
            {
                found.Add((endpointId, record));
            }
        }

        return (found, entries.Length / 2 >= OrderAttemptLimit);
    }
}
