using System.Globalization;
using System.Text.Json;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.DeadLetters;

/// <summary>Reads, replays and deletes an endpoint's dead letters.</summary>
public sealed class DeadLetterService(
    RedisStore store, DeliveryQueue queue, EventLifetime lifetime, IEndpointDirectory endpoints, GatewayMetrics metrics, TimeProvider time,
    IOptions<EngineOptions> gateway)
{
    private RedisKeys Keys => store.Keys;

    public async Task<DeadLetterPage> ListAsync(string endpointId, int limit, string? cursor)
    {
        var db = store.Database;
        var before = cursor is not null && double.TryParse(cursor, NumberStyles.Float, CultureInfo.InvariantCulture, out var c) ? c : double.PositiveInfinity;
        var ids = await db.SortedSetRangeByScoreWithScoresAsync(Keys.DeadLetters(endpointId), double.NegativeInfinity, before, Exclude.Stop, Order.Descending, 0, limit + 1).ConfigureAwait(false);
        var page = ids.Take(limit).ToArray();
        var records = page.Length == 0 ? [] : await db.HashGetAsync(Keys.DeadLetterRecords(endpointId), [.. page.Select(e => e.Element)]).ConfigureAwait(false);
        var data = records.Where(r => !r.IsNull).Select(r => JsonSerializer.Deserialize<DeadLetter>((string)r!, GatewayJson.Options)!).ToList();
        var next = ids.Length > limit ? page[^1].Score.ToString("R", CultureInfo.InvariantCulture) : null;
        return new DeadLetterPage(data, next);
    }

    public async Task<DeadLetter?> GetAsync(string endpointId, string messageId)
    {
        var json = await store.Database.HashGetAsync(Keys.DeadLetterRecords(endpointId), messageId).ConfigureAwait(false);
        return json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<DeadLetter>((string)json!, GatewayJson.Options);
    }

    /// <summary>Finds which of the tenant's endpoints holds dead letter <paramref name="messageId"/>.</summary>
    public async Task<DeadLetter?> FindAsync(string tenantId, string messageId)
    {
        foreach (var endpoint in await endpoints.ForTenantAsync(tenantId).ConfigureAwait(false))
        {
            if (await GetAsync(endpoint.Id, messageId).ConfigureAwait(false) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Queues a dead letter again with a fresh attempt budget and the same <c>webhook-id</c>; one of an ordered group
    /// goes to the group's tail (and resumes the group when it had paused it).</summary>
    public async Task<bool> ReplayAsync(string tenantId, DeadLetter letter)
    {
        // Every target may have settled since, and the body been dropped: restore it from the dead letter's copy first,
        // so the replayed message never finds its body gone.
        await lifetime.RestoreForReplayAsync(tenantId, letter, gateway.Value.EventRetention).ConfigureAwait(false);
        var meta = new QueuedMessage(letter.Shard, letter.EventId, letter.EventType, letter.IngestedMs, Attempts: 0, FirstAttemptMs: 0, letter.Group ?? "");
        var replayed = await queue.ReplayAsync(letter.EndpointId, letter.Id, meta, time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
        if (replayed)
        {
            metrics.Replayed(tenantId, 1);
        }

        return replayed;
    }

    /// <summary>As <see cref="ReplayAsync"/>, telling apart a dead letter that cannot be queued again because its body has
    /// left Redis and it holds no copy (it stays a dead letter).</summary>
    public async Task<ReplayOutcome> TryReplayAsync(string tenantId, DeadLetter letter)
    {
        if (!await lifetime.RestoreForReplayAsync(tenantId, letter, gateway.Value.EventRetention).ConfigureAwait(false))
        {
            return ReplayOutcome.NoBody;
        }

        var meta = new QueuedMessage(letter.Shard, letter.EventId, letter.EventType, letter.IngestedMs, Attempts: 0, FirstAttemptMs: 0, letter.Group ?? "");
        if (!await queue.ReplayAsync(letter.EndpointId, letter.Id, meta, time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false))
        {
            return ReplayOutcome.NotDeadLetter;
        }

        metrics.Replayed(tenantId, 1);
        return ReplayOutcome.Queued;
    }

    /// <summary>Replays every dead letter of an endpoint, oldest first (so an ordered group's replayed messages keep their
    /// order at its tail); returns how many.</summary>
    public async Task<int> ReplayAllAsync(string tenantId, string endpointId)
    {
        var letters = new List<DeadLetter>();
        string? cursor = null;
        do
        {
            var page = await ListAsync(endpointId, 200, cursor).ConfigureAwait(false);
            letters.AddRange(page.Data);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        var count = 0;
        for (var i = letters.Count - 1; i >= 0; i--)
        {
            if (await ReplayAsync(tenantId, letters[i]).ConfigureAwait(false))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Deletes a dead letter; one that paused its ordered group lets the group go on.</summary>
    public async Task<bool> DeleteAsync(string endpointId, string messageId)
    {
        var endpoint = await endpoints.FindAsync(endpointId).ConfigureAwait(false);
        if (endpoint is null)
        {
            var db = store.Database;
            var removed = await db.SortedSetRemoveAsync(Keys.DeadLetters(endpointId), messageId).ConfigureAwait(false);
            await db.HashDeleteAsync(Keys.DeadLetterRecords(endpointId), messageId).ConfigureAwait(false);
            return removed;
        }

        return await queue.DropDeadLetterAsync(endpoint, messageId, time.GetUtcNow().ToUnixTimeMilliseconds()).ConfigureAwait(false);
    }
}
