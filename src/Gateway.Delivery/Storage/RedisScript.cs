using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// A Lua script run by its SHA-1 (EVALSHA), computed once here: StackExchange.Redis 1.2.6 would otherwise hash the
/// whole script text on every call. When the server does not know the script (first use, or its script cache was
/// emptied by a restart; 1.2.6 never retries NOSCRIPT on async calls), the body is sent once with EVAL, which also
/// loads it.
/// </summary>
public sealed class RedisScript(string source)
{
    private readonly byte[] _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(source));

    public string Source { get; } = source;

    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, RedisKey[] keys, RedisValue[] values)
    {
        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, values).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Source, keys, values).ConfigureAwait(false);
        }
    }
}
