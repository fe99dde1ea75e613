using System.Globalization;
using System.Text.Json;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Logs;

/// <summary>
/// The log listing: sent and failed entries from each endpoint's attempt log, filtered ones from its filtered log
/// (both sorted sets scored by time), pending ones from its queue. Each source yields its newest
/// <c>limit + 1</c> entries after the cursor; the merge of all sources, newest first, is the page.
/// </summary>
public sealed partial class LogReader(RedisStore store, DeadLetterService deadLetters, TimeProvider time, IOptions<DeliveryOptions> options)
{
    /// <summary>Most queued messages read per endpoint for the pending listing (the queue is a hash, so it is scanned).</summary>
    public const int PendingScanLimit = 10_000;

    private const int Chunk = 100;

    private RedisKeys Keys => store.Keys;

    public async Task<LogPage<LogEntry>> ListAsync(LogQuery query, IReadOnlyList<string> endpointIds)
    {
        var (items, next) = await ReadAsync(query, endpointIds).ConfigureAwait(false);
        var pending = items.Where(i => i.Pending is not null).ToList();
        var details = await PendingDetailsAsync(pending).ConfigureAwait(false);
        var data = items.Select(i => i.Pending is null ? i.ToEntry() : details[i]).ToList();
        return new LogPage<LogEntry>(data, next);
    }

    /// <summary>One endpoint's attempt log, newest first.</summary>
    public async Task<LogPage<AttemptRecord>> AttemptsAsync(string endpointId, int limit, LogCursor? cursor)
    {
        var (items, next) = await ReadAsync(new LogQuery(LogStates.Sent | LogStates.Failed, null, null, null, limit, cursor), [endpointId]).ConfigureAwait(false);
        return new LogPage<AttemptRecord>([.. items.Select(i => i.Attempt!)], next);
    }

    /// <summary>One endpoint's filtered log, newest first.</summary>
    public async Task<LogPage<FilteredLogEntry>> FilteredAsync(string endpointId, int limit, LogCursor? cursor)
    {
        var (items, next) = await ReadAsync(new LogQuery(LogStates.Filtered, null, null, null, limit, cursor), [endpointId]).ConfigureAwait(false);
        return new LogPage<FilteredLogEntry>([.. items.Select(i => i.Filtered!)], next);
    }

    private async Task<(List<LogItem> Items, string? Next)> ReadAsync(LogQuery query, IReadOnlyList<string> endpointIds)
    {
        // Entries older than the retention may linger until their log is next written; they are not listed.
        var oldest = (time.GetUtcNow() - options.Value.LogRetention).ToUnixTimeMilliseconds();
        var low = Math.Max(oldest, query.FromMs ?? long.MinValue);
        var high = Math.Min(query.Cursor?.AtMs ?? long.MaxValue, query.ToMs is { } to ? to - 1 : long.MaxValue);
        var need = query.Limit + 1;
        var reads = new List<Task<List<LogItem>>>();
        foreach (var endpointId in endpointIds)
        {
            if ((query.States & (LogStates.Sent | LogStates.Failed)) != 0)
            {
                reads.Add(ReadLogAsync(Keys.Attempts(endpointId), endpointId, query, low, high, need, ParseAttempt));
            }

            if ((query.States & LogStates.Filtered) != 0)
            {
                reads.Add(ReadLogAsync(Keys.Filtered(endpointId), endpointId, query, low, high, need, ParseFiltered));
            }

            if ((query.States & LogStates.Pending) != 0)
            {
                reads.Add(ReadPendingAsync(endpointId, query, query.FromMs ?? long.MinValue, high, need));
            }
        }

        var all = (await Task.WhenAll(reads).ConfigureAwait(false)).SelectMany(r => r).ToList();
        all.Sort(static (a, b) => a.AtMs != b.AtMs ? b.AtMs.CompareTo(a.AtMs) : string.CompareOrdinal(b.Key, a.Key));
        if (all.Count <= query.Limit)
        {
            return (all, null);
        }

        var page = all.GetRange(0, query.Limit);
        return (page, new LogCursor(page[^1].AtMs, page[^1].Key).Encode());
    }

    /// <summary>
    /// Reads a log (a sorted set scored by Unix ms) from <paramref name="high"/> down, keeping the entries that the
    /// query wants, until it holds <paramref name="need"/> of them and every entry with the same time as the last.
    /// </summary>
    private async Task<List<LogItem>> ReadLogAsync(string key, string endpointId, LogQuery query, long low, long high, int need, Func<string, string, long, LogItem?> parse)
    {
        var kept = new List<LogItem>();
        if (low > high)
        {
            return kept;
        }

        var boundary = long.MinValue;
        for (var skip = 0L; ; skip += Chunk)
        {
            var raw = await store.Database.SortedSetRangeByScoreWithScoresAsync(key, low, high, Exclude.None, Order.Descending, skip, Chunk).ConfigureAwait(false);
            foreach (var entry in raw)
            {
                var atMs = (long)entry.Score;
                if (kept.Count >= need && atMs < boundary)
                {
                    return kept;
                }

                if (parse(endpointId, (string)entry.Element!, atMs) is { } item && Wanted(item, query))
                {
                    kept.Add(item);
                    if (kept.Count == need)
                    {
                        boundary = atMs;
                    }
                }
            }

            if (raw.Length < Chunk)
            {
                return kept;
            }
        }
    }

    private async Task<List<LogItem>> ReadPendingAsync(string endpointId, LogQuery query, long low, long high, int need)
    {
        var kept = new List<LogItem>();
        var scanned = 0;
        await foreach (var pair in store.Database.HashScanAsync(Keys.Messages(endpointId), pageSize: 500).ConfigureAwait(false))
        {
            var messageId = (string)pair.Name!;
            var message = QueuedMessage.Parse((string)pair.Value!);
            var item = new LogItem(message.IngestedMs, $"{endpointId}|p|{messageId}", endpointId) { Pending = (messageId, message) };
            if (item.AtMs >= low && item.AtMs <= high && Wanted(item, query))
            {
                kept.Add(item);
            }

            if (++scanned >= PendingScanLimit)
            {
                break;
            }
        }

        kept.Sort(static (a, b) => a.AtMs != b.AtMs ? b.AtMs.CompareTo(a.AtMs) : string.CompareOrdinal(b.Key, a.Key));
        return kept.Count > need ? kept.GetRange(0, need) : kept;
    }

    private static bool Wanted(LogItem item, LogQuery query)
    {
        if (query.Cursor is { } cursor && !cursor.IsAfter(item.AtMs, item.Key))
        {
            return false;
        }

        var (state, eventType, eventId, messageId, status) = item switch
        {
            { Attempt: { } a } => (a.Outcome == "success" ? LogStates.Sent : LogStates.Failed, a.EventType, a.EventId, a.MessageId, a.StatusCode),
            { Filtered: { } b } => (LogStates.Filtered, b.EventType, b.EventId, null, null),
            _ => (LogStates.Pending, item.Pending!.Value.Message.EventType, item.Pending.Value.Message.EventId, item.Pending.Value.MessageId, (int?)null),
        };
        return (query.States & state) != 0
            && (query.EventType is null || EventTypeMatcher.Matches(query.EventType, eventType))
            && (query.EventId is null || query.EventId == eventId)
            && (query.MessageId is null || query.MessageId == messageId)
            && (query.StatusCode is null || query.StatusCode == status);
    }

    private static LogItem? ParseAttempt(string endpointId, string json, long atMs)
    {
        var attempt = JsonSerializer.Deserialize<AttemptRecord>(json, GatewayJson.Options);
        return attempt is null
            ? null
            : new LogItem(atMs, string.Create(CultureInfo.InvariantCulture, $"{endpointId}|a|{attempt.MessageId}|{attempt.Attempt:D5}"), endpointId) { Attempt = attempt };
    }

    private static LogItem? ParseFiltered(string endpointId, string json, long atMs)
    {
        var filtered = JsonSerializer.Deserialize<FilteredLogEntry>(json, GatewayJson.Options);
        return filtered is null ? null : new LogItem(atMs, $"{endpointId}|b|{filtered.EventId}|{filtered.ObjectId}", endpointId) { Filtered = filtered };
    }

    private async Task<Dictionary<LogItem, LogEntry>> PendingDetailsAsync(List<LogItem> pending)
    {
        var db = store.Database;
        var lookups = pending.Select(async item =>
        {
            var messageId = item.Pending!.Value.MessageId;
            var leased = db.SortedSetScoreAsync(Keys.Leases(item.EndpointId), messageId);
            var due = db.SortedSetScoreAsync(Keys.Scheduled(item.EndpointId), messageId);
            await Task.WhenAll(leased, due).ConfigureAwait(false);
            return leased.Result is not null
                ? item.ToEntry("in_flight")
                : due.Result is { } d ? item.ToEntry("scheduled", DateTimeOffset.FromUnixTimeMilliseconds((long)d)) : item.ToEntry("ready");
        }).ToList();
        var entries = await Task.WhenAll(lookups).ConfigureAwait(false);
        var byItem = new Dictionary<LogItem, LogEntry>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < entries.Length; i++)
        {
            byItem[pending[i]] = entries[i];
        }

        return byItem;
    }

    /// <summary>Where message <paramref name="messageId"/> stands at <paramref name="endpointId"/>.</summary>
    public async Task<MessageState> MessageStateAsync(string endpointId, string messageId)
    {
        var db = store.Database;
        var meta = await db.HashGetAsync(store.Keys.Messages(endpointId), messageId).ConfigureAwait(false);
        if (!meta.IsNull)
        {
            var message = QueuedMessage.Parse((string)meta!);
            var due = await db.SortedSetScoreAsync(store.Keys.Scheduled(endpointId), messageId).ConfigureAwait(false);
            var leased = await db.SortedSetScoreAsync(store.Keys.Leases(endpointId), messageId).ConfigureAwait(false);
            return new MessageState(
                leased is not null ? MessageStatus.InFlight : MessageStatus.Pending, message.Attempts,
                due is { } d ? DateTimeOffset.FromUnixTimeMilliseconds((long)d) : null);
        }

        return await deadLetters.GetAsync(endpointId, messageId).ConfigureAwait(false) is { } letter
            ? new MessageState(MessageStatus.DeadLettered, letter.Attempts, LastStatus: letter.LastStatus, LastError: letter.LastError)
            : new MessageState(MessageStatus.Delivered);
    }

    /// <summary>The endpoint's last success and since when it has failed, as the settles record them.</summary>
    public async Task<EndpointHealth> HealthAsync(string endpointId)
    {
        var health = await store.Database.HashGetAsync(store.Keys.Health(endpointId), ["lastSuccess", "failingSince"]).ConfigureAwait(false);
        return new EndpointHealth(Time(health[0]), Time(health[1]));

        static DateTimeOffset? Time(RedisValue value) =>
            !value.IsNull && long.TryParse((string)value!, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null;
    }
}
