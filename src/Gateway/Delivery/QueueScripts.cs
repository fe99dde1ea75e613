using Gateway.Storage;

namespace Gateway.Delivery;

/// <summary>
/// The atomic moves of the queue. Each script touches the keys of one hash tag only (one endpoint, or one
/// ingestion shard), uses lists, sorted sets and hashes (no streams), and runs on Redis 7 and Garnet.
/// </summary>
public static class QueueScripts
{
    /// <summary>Accept an event: store its body once, mark its fan-out pending, remember the idempotency key.
    /// KEYS: event, pending[, idem]. ARGV: body, tenant, type, receivedMs, retentionMs, targets, idemTtlMs, idemRecord, eventId.
    /// Returns the earlier record when the idempotency key was seen, else nil.</summary>
    public static readonly RedisScript Accept = new("""
        if KEYS[3] then
          local prior = redis.call('GET', KEYS[3])
          if prior then return prior end
        end
        redis.call('HSET', KEYS[1], 'b', ARGV[1], 't', ARGV[2], 'y', ARGV[3], 'r', ARGV[4], 'g', ARGV[6])
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        redis.call('ZADD', KEYS[2], ARGV[4], ARGV[9])
        if KEYS[3] then redis.call('SET', KEYS[3], ARGV[8], 'PX', ARGV[7]) end
        return false
        """);

    /// <summary>Queue one message at one endpoint, once: a second call for the same message id does nothing, and
    /// neither does a call for a message that recently completed (delivered or dead-lettered, see <see cref="Settle"/>),
    /// which is what fan-out recovery does when a crash lost the event's "fan-out done" mark.
    /// KEYS: msg, ready, sched, done. ARGV: messageId, meta, dueMs (0: ready now).
    /// Returns -1 when already queued or completed, 0 when scheduled, else the ready list's new length.</summary>
    public static readonly RedisScript Enqueue = new("""
        if redis.call('ZSCORE', KEYS[4], ARGV[1]) then return -1 end
        if redis.call('HSETNX', KEYS[1], ARGV[1], ARGV[2]) == 0 then return -1 end
        if tonumber(ARGV[3]) > 0 then
          redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
          return 0
        end
        return redis.call('LPUSH', KEYS[2], ARGV[1])
        """);

    /// <summary>Lease up to ARGV[2] messages: first return expired leases to the queue and promote due scheduled
    /// work, then pop while the endpoint's in-flight count (across all workers) is under its cap.
    /// KEYS: ready, sched, lease, msg. ARGV: nowMs, max, leaseMs, cap.
    /// Returns { nextDueMs or -1, remaining ready, id1, meta1, id2, meta2, … }.</summary>
    public static readonly RedisScript Claim = new("""
        local now = tonumber(ARGV[1])
        local expired = redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 100)
        for _, id in ipairs(expired) do
          redis.call('ZREM', KEYS[3], id)
          redis.call('RPUSH', KEYS[1], id)
        end
        local due = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
        for _, id in ipairs(due) do
          redis.call('ZREM', KEYS[2], id)
          redis.call('LPUSH', KEYS[1], id)
        end
        local n = math.min(tonumber(ARGV[2]), tonumber(ARGV[4]) - redis.call('ZCARD', KEYS[3]))
        local leaseUntil = now + tonumber(ARGV[3])
        local out = { -1, 0 }
        local i = 0
        while i < n do
          local id = redis.call('RPOP', KEYS[1])
          if not id then break end
          local meta = redis.call('HGET', KEYS[4], id)
          if meta then
            redis.call('ZADD', KEYS[3], leaseUntil, id)
            out[#out + 1] = id
            out[#out + 1] = meta
            i = i + 1
          end
        end
        local nextDue = -1
        local s = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
        if s[2] then nextDue = tonumber(s[2]) end
        local l = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
        if l[2] and (nextDue < 0 or tonumber(l[2]) < nextDue) then nextDue = tonumber(l[2]) end
        out[1] = nextDue
        out[2] = redis.call('LLEN', KEYS[1])
        return out
        """);

    // Counts one outcome in the activity hash (fields "<unixHour>:<kind>"); the first count of a new hour drops
    // the hours older than the retention, so the hash holds at most (retention in hours + 1) × 4 fields.
    private const string CountActivity = """
        local function countActivity(key, bucket, kind, now, retention)
          if redis.call('HINCRBY', key, bucket .. ':' .. kind, 1) == 1 then
            local oldest = math.floor((now - retention) / 3600000)
            for _, f in ipairs(redis.call('HKEYS', key)) do
              local hour = tonumber(string.match(f, '^(%d+):'))
              if hour and hour < oldest then redis.call('HDEL', key, f) end
            end
          end
          redis.call('PEXPIRE', key, retention)
        end
        -- Adds an entry to a log (a sorted set by time), then bounds it by age and by count.
        local function appendLog(key, now, entry, max, retention)
          redis.call('ZADD', key, now, entry)
          redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%d', now - retention))
          redis.call('ZREMRANGEBYRANK', key, 0, -(max + 1))
          redis.call('PEXPIRE', key, retention)
        end

        """;

    /// <summary>Settle a leased message after an attempt, only if this worker still holds its lease; then, when asked,
    /// lease the endpoint's next ready message in the same round trip (after promoting due retries and expired leases).
    /// A message that leaves the queue for good (ack, dead) is recorded in the endpoint's completion markers (a sorted
    /// set by time, trimmed to the marker window) so that <see cref="Enqueue"/> from fan-out recovery skips it.
    /// KEYS: lease, msg, sched, dead, deadmsg, stats, attempts, health, activity, ready, done.
    /// ARGV: mode (ack|retry|dead|release), messageId, leaseToken, nowMs, attemptJson ('' for none), logMax,
    /// retentionMs, activityBucket, newMeta, dueMs, deadRecord, deadMax, claimNext (0/1), leaseMs, cap, markerWindowMs.
    /// Returns { owned (0/1), failingSinceMs or 0, [nextId, nextMeta] }.</summary>
    public static readonly RedisScript Settle = new(CountActivity + """
        local mode = ARGV[1]
        local id = ARGV[2]
        local now = tonumber(ARGV[4])
        local retention = tonumber(ARGV[7])
        local result = { 0, 0 }
        if ARGV[5] ~= '' then
          appendLog(KEYS[7], now, ARGV[5], tonumber(ARGV[6]), retention)
        end
        local function count(field)
          redis.call('HINCRBY', KEYS[6], field, 1)
          countActivity(KEYS[9], ARGV[8], field, now, retention)
        end
        local function markDone()
          local window = tonumber(ARGV[16])
          redis.call('ZADD', KEYS[11], now, id)
          redis.call('ZREMRANGEBYSCORE', KEYS[11], '-inf', '(' .. string.format('%d', now - window))
          redis.call('PEXPIRE', KEYS[11], window)
        end
        local s = redis.call('ZSCORE', KEYS[1], id)
        if s and tonumber(s) == tonumber(ARGV[3]) then
          redis.call('ZREM', KEYS[1], id)
          result[1] = 1
          if mode == 'ack' then
            redis.call('HDEL', KEYS[2], id)
            markDone()
            count('sent')
            redis.call('HSET', KEYS[8], 'lastSuccess', now)
            redis.call('HDEL', KEYS[8], 'failingSince')
          elseif mode == 'release' then
            redis.call('HSET', KEYS[2], id, ARGV[9])
            redis.call('ZADD', KEYS[3], ARGV[10], id)
          else
            count('failed')
            redis.call('HSETNX', KEYS[8], 'failingSince', now)
            result[2] = tonumber(redis.call('HGET', KEYS[8], 'failingSince'))
            if mode == 'retry' then
              redis.call('HSET', KEYS[2], id, ARGV[9])
              redis.call('ZADD', KEYS[3], ARGV[10], id)
            else
              redis.call('HDEL', KEYS[2], id)
              markDone()
              redis.call('ZADD', KEYS[4], now, id)
              redis.call('HSET', KEYS[5], id, ARGV[11])
              count('dead')
              -- Dead letters are bounded by age (older than the retention go) and by count (the oldest go first).
              local old = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now - retention, 'LIMIT', 0, 100)
              for _, o in ipairs(old) do
                redis.call('HDEL', KEYS[5], o)
                redis.call('ZREM', KEYS[4], o)
              end
              local over = redis.call('ZCARD', KEYS[4]) - tonumber(ARGV[12])
              if over > 0 then
                for _, o in ipairs(redis.call('ZRANGE', KEYS[4], 0, over - 1)) do
                  redis.call('HDEL', KEYS[5], o)
                end
                redis.call('ZREMRANGEBYRANK', KEYS[4], 0, over - 1)
              end
              redis.call('PEXPIRE', KEYS[4], retention)
              redis.call('PEXPIRE', KEYS[5], retention)
            end
          end
        end
        if ARGV[13] == '1' then
          for _, e in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, 10)) do
            redis.call('ZREM', KEYS[1], e)
            redis.call('RPUSH', KEYS[10], e)
          end
          for _, d in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', now, 'LIMIT', 0, 10)) do
            redis.call('ZREM', KEYS[3], d)
            redis.call('LPUSH', KEYS[10], d)
          end
          while redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[15]) do
            local nextId = redis.call('RPOP', KEYS[10])
            if not nextId then break end
            local meta = redis.call('HGET', KEYS[2], nextId)
            if meta then
              redis.call('ZADD', KEYS[1], now + tonumber(ARGV[14]), nextId)
              result[3] = nextId
              result[4] = meta
              break
            end
          end
        end
        return result
        """);

    /// <summary>Count an event an endpoint's rules rejected and log it with the rule, bounded like the attempt log.
    /// KEYS: stats, activity, blocked. ARGV: nowMs, activityBucket, entryJson, logMax, retentionMs.</summary>
    public static readonly RedisScript Filtered = new(CountActivity + """
        local now = tonumber(ARGV[1])
        local retention = tonumber(ARGV[5])
        redis.call('HINCRBY', KEYS[1], 'filtered', 1)
        countActivity(KEYS[2], ARGV[2], 'filtered', now, retention)
        appendLog(KEYS[3], now, ARGV[3], tonumber(ARGV[4]), retention)
        return 1
        """);

    /// <summary>Move a dead letter back to the queue with a fresh attempt budget and the same message id.
    /// KEYS: dead, deadmsg, msg, ready. ARGV: messageId, meta. Returns 1 when replayed, 0 when not a dead letter.</summary>
    public static readonly RedisScript Replay = new("""
        if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return 0 end
        redis.call('HDEL', KEYS[2], ARGV[1])
        redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
        redis.call('LPUSH', KEYS[4], ARGV[1])
        return 1
        """);
}
