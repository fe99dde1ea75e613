using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using StackExchange.Redis;

namespace Gateway.Tests.Storage;

/// <summary>
/// A server that forgets its scripts (SCRIPT FLUSH, or a restart without them) answers the client's EVALSHA with
/// NOSCRIPT; the next script call must still run, because the client reloads the script by itself.
/// </summary>
public abstract class ScriptCacheTests(StoreFixture store)
{
    [Fact]
    public async Task Evaluate_AfterScriptFlush_ReloadsTheScriptAndRuns()
    {
        using var connection = await ConnectionMultiplexer.ConnectAsync(store.Configuration + ",allowAdmin=true");
        var db = connection.GetDatabase();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = new RedisKeys($"gwt-{Guid.NewGuid():N}");
        const string endpointId = "ep_scriptcache";
        object Enqueue(string id) => new
        {
            messages = (RedisKey)keys.Messages(endpointId), ready = (RedisKey)keys.Ready(endpointId), scheduled = (RedisKey)keys.Scheduled(endpointId),
            completed = (RedisKey)keys.Completed(endpointId),
            heads = (RedisKey)keys.GroupHeads(endpointId), blocked = (RedisKey)keys.BlockedGroups(endpointId), paused = (RedisKey)keys.PausedGroups(endpointId),
            waiting = (RedisKey)keys.GroupWaiting(endpointId), skippedHash = (RedisKey)keys.GroupSkipped(endpointId), skippedAt = (RedisKey)keys.GroupSkippedAt(endpointId),
            groupPrefix = keys.GroupPrefix(endpointId), group = "", now = 0, delayMs = 0,
            messageId = id, meta = "meta-" + id, dueMs = 0,
        };

        Assert.Equal(1L, (long)await QueueScripts.Enqueue.EvaluateAsync(db, Enqueue("msg_1")));
        Assert.True(await server.ScriptExistsAsync(QueueScripts.Enqueue.Text));

        await server.ScriptFlushAsync();
        Assert.False(await server.ScriptExistsAsync(QueueScripts.Enqueue.Text));

        Assert.Equal(2L, (long)await QueueScripts.Enqueue.EvaluateAsync(db, Enqueue("msg_2")));
        Assert.Equal(-1L, (long)await QueueScripts.Enqueue.EvaluateAsync(db, Enqueue("msg_2")));
        Assert.True(await server.ScriptExistsAsync(QueueScripts.Enqueue.Text));
        Assert.Equal(["msg_2", "msg_1"], (await db.ListRangeAsync(keys.Ready(endpointId))).Select(v => (string)v!));
    }
}

[Collection(RedisCollection.Name)]
public sealed class ScriptCacheOnRedisTests(RedisFixture store) : ScriptCacheTests(store);

[Collection(GarnetCollection.Name)]
public sealed class ScriptCacheOnGarnetTests(GarnetFixture store) : ScriptCacheTests(store);
