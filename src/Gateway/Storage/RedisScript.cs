using StackExchange.Redis;

namespace Gateway.Storage;

/// <summary>
/// A Lua script run with EVALSHA/EVAL. StackExchange.Redis 1.2.6 does not retry an async call that meets
/// NOSCRIPT (the server's script cache is empty after a restart); it does forget the hash, so one retry sends
/// the script body again.
/// </summary>
public sealed class RedisScript(string source)
{
    public string Source { get; } = source;

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await db.ScriptEvaluateAsync(Source, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Source, keys, values).ConfigureAwait(false);
        }
    }
}
