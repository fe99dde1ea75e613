using Gateway.Storage;

namespace Gateway.Ingestion;

/// <summary>The cluster-wide tenant rate limit's one atomic step (GCRA), on one key under the tenant's hash tag.</summary>
public static class RateLimitScript
{
    /// <summary>
    /// Generic cell rate algorithm: the key holds the tenant's theoretical arrival time (TAT, µs). Taking
    /// <c>count</c> events moves it <c>count × interval</c> later; they are allowed when the new TAT is at most
    /// <c>tolerance</c> (the burst) ahead of now. KEYS: the tenant's rate key. ARGV: now (µs), emission interval
    /// (µs per event), tolerance (µs), count. Returns 0 when allowed (and stores the new TAT), else the µs until the
    /// same request would be allowed (and stores nothing). The key expires a minute after its TAT has passed: a TAT in
    /// the past means the same as no key, and the margin keeps the expiry (Redis's clock) from cutting in before the
    /// TAT (the callers' clock) is reached.
    /// </summary>
    public static readonly RedisScript Acquire = new("""
        local now = tonumber(ARGV[1])
        local interval = tonumber(ARGV[2])
        local tolerance = tonumber(ARGV[3])
        local count = tonumber(ARGV[4])
        local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tat < now then tat = now end
        local newTat = tat + interval * count
        local allowAt = newTat - tolerance
        if allowAt > now then
          return allowAt - now
        end
        redis.call('SET', KEYS[1], string.format('%d', newTat), 'PX', math.ceil((newTat - now) / 1000) + 60000)
        return 0
        """);
}
