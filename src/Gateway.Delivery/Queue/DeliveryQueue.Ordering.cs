using System.Text.Json;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Ordering;
using Gateway.Delivery.Storage;

namespace Gateway.Delivery.Queue;

/// <summary>Reads of the ordered groups of an endpoint (the moves are in the queue's scripts, see lib/ordering.lua).</summary>
public sealed partial class DeliveryQueue
{
    /// <summary>How many groups an endpoint has (with a message queued or a paused dead letter), how many are blocked, and
    /// since when the longest-blocked one has been (null when none is).</summary>
    public async Task<GroupCounts> GroupCountsAsync(string endpointId)
    {
        var batch = Db.CreateBatch();
        var groups = batch.HashLengthAsync(Keys.GroupHeads(endpointId));
        var blocked = batch.SortedSetLengthAsync(Keys.BlockedGroups(endpointId));
        var oldest = batch.SortedSetRangeByRankWithScoresAsync(Keys.BlockedGroups(endpointId), 0, 0);
        batch.Execute();
        await Task.WhenAll(groups, blocked, oldest).ConfigureAwait(false);
        return new GroupCounts(groups.Result, blocked.Result, oldest.Result.Length > 0 ? (long)oldest.Result[0].Score : null);
    }

    /// <summary>The endpoint's blocked groups, longest blocked first: each with its head, the head's attempts and what waits behind it.</summary>
    public async Task<IReadOnlyList<OrderedGroup>> BlockedGroupsAsync(string endpointId, int limit)
    {
        var blocked = await Db.SortedSetRangeByRankWithScoresAsync(Keys.BlockedGroups(endpointId), 0, limit - 1).ConfigureAwait(false);
        if (blocked.Length == 0)
        {
            return [];
        }

        var heads = await Db.HashGetAsync(Keys.GroupHeads(endpointId), [.. blocked.Select(b => b.Element)]).ConfigureAwait(false);
        var groups = new List<OrderedGroup>(blocked.Length);
        for (var i = 0; i < blocked.Length; i++)
        {
            if (heads[i].IsNull)
            {
                continue;
            }

            var key = (string)blocked[i].Element!;
            var headId = (string)heads[i]!;
            var batch = Db.CreateBatch();
            var meta = batch.HashGetAsync(Keys.Messages(endpointId), headId);
            var dead = batch.HashGetAsync(Keys.DeadLetterRecords(endpointId), headId);
            var paused = batch.HashGetAsync(Keys.PausedGroups(endpointId), headId);
            var waiting = batch.ListLengthAsync(Keys.GroupPrefix(endpointId) + key);
            batch.Execute();
            await Task.WhenAll(meta, dead, paused, waiting).ConfigureAwait(false);
            var attempts = !meta.Result.IsNull
                ? QueuedMessage.Parse((string)meta.Result!).Attempts
                : dead.Result.IsNull ? 0 : JsonSerializer.Deserialize<DeadLetter>((string)dead.Result!, GatewayJson.Options)!.Attempts;
            groups.Add(new OrderedGroup(key, headId, attempts, DateTimeOffset.FromUnixTimeMilliseconds((long)blocked[i].Score), waiting.Result, !paused.Result.IsNull));
        }

        return groups;
    }
}

/// <summary>An endpoint's ordered groups: how many there are, how many are blocked, and since when the longest-blocked one is.</summary>
public sealed record GroupCounts(long Groups, long Blocked, long? OldestBlockedSinceMs);
