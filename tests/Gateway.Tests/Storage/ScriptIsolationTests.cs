using Gateway.Delivery.Storage;
using Gateway.Tests.Infrastructure;
using StackExchange.Redis;

namespace Gateway.Tests.Storage;

/// <summary>
/// A script is atomic however many connections run scripts at once, keys it builds itself included (a group's
/// list, every endpoint of a batch). Garnet runs scripts of different connections at once: without
/// <c>--lua-transaction-mode</c> and the key every call names, the read-then-write below loses updates there.
/// </summary>
public abstract class ScriptIsolationTests(StoreFixture store)
{
    private static readonly RedisScript s_increment = new("""
        local v = tonumber(redis.call('GET', @counter .. ':built') or '0')
        redis.call('HSET', @counter .. ':noise', 'v', v)
        redis.call('SET', @counter .. ':built', v + 1)
        return v
        """);

    [Fact]
    public async Task ConcurrentCallsFromManyConnections_ReadThenWriteAnUndeclaredKey_LoseNoUpdate()
    {
        const int connections = 4, calls = 1_500;
        var counter = $"isolation-{Guid.NewGuid():N}";
        var muxers = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => ConnectionMultiplexer.ConnectAsync(store.Configuration)));
        try
        {
            await Task.WhenAll(muxers.Select(async muxer =>
            {
                var db = muxer.GetDatabase();
                for (var i = 0; i < calls; i += 50)
                {
                    // 50 in flight per connection, so calls of different connections meet on the server.
                    await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => s_increment.EvaluateAsync(db, new { counter })));
                }
            }));

            var total = (long)await muxers[0].GetDatabase().StringGetAsync(counter + ":built");
            Assert.Equal(connections * calls, total);
        }
        finally
        {
            foreach (var muxer in muxers)
            {
                await muxer.DisposeAsync();
            }
        }
    }
}

[Collection(RedisCollection.Name)]
public sealed class ScriptIsolationOnRedisTests(RedisFixture store) : ScriptIsolationTests(store);

[Collection(GarnetCollection.Name)]
public sealed class ScriptIsolationOnGarnetTests(GarnetFixture store) : ScriptIsolationTests(store);
