using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// A Lua script of the gateway, run by its text. StackExchange.Redis loads it once per server (SCRIPT LOAD), then
/// sends EVALSHA; when the server answers NOSCRIPT (its script cache was emptied by a restart or SCRIPT FLUSH), the
/// client forgets what it had loaded and reloads the script itself. Keys go as KEYS, so Redis Cluster routes the call
/// by their hash slot.
/// </summary>
public sealed class RedisScript(string source)
{
    public string Source { get; } = source;

    public Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] values) =>
        db.ScriptEvaluateAsync(Source, keys, values);
}
