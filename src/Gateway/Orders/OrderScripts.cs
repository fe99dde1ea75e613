using Gateway.Delivery.Storage;

namespace Gateway.Orders;

/// <summary>
/// The order's atomic steps. Both touch only the keys of one order (hash tag <c>{ord:tenantId:orderId}</c>), use
/// hashes and lists, and run on Redis 7 and Garnet.
/// </summary>
public static class OrderScripts
{
    /// <summary>Check and apply one status change. An order without state starts at the initial status.
    /// KEYS: state, history, outbox. ARGV: to, ifMatch ('' none, '*' exists, else a version), initial, forced ('1'/'0'),
    /// open sources of 'to' and admin-only sources the caller may not use (each newline-joined), history entry
    /// without its opening brace, customer JSON and items JSON ('' keeps the stored ones), require details ('1'/'0'),
    /// now (RFC 3339), outbox member prefix ("tenant\norder\n"), now (Unix ms). A change to notify is added to the outbox
    /// in the same step, so its event is sent even if this process dies before handing it to ingestion.
    /// Returns { 'ok', version, from, customer, items } or { 'precondition'|'forbidden'|'conflict'|'incomplete', version, from }.</summary>
    public static readonly RedisScript ChangeStatus = new("""
        local status = redis.call('HGET', KEYS[1], 'status')
        local version = tonumber(redis.call('HGET', KEYS[1], 'version') or '0')
        local to, ifMatch, initial = ARGV[1], ARGV[2], ARGV[3]
        local from = status or ''
        if not status and to ~= initial then from = initial end
        if (ifMatch == '*' and not status) or (ifMatch ~= '' and ifMatch ~= '*' and tonumber(ifMatch) ~= version) then
          return { 'precondition', version, from }
        end
        if ARGV[4] ~= '1' and from ~= '' then
          local probe = '\n' .. from .. '\n'
          if not string.find('\n' .. ARGV[5] .. '\n', probe, 1, true) then
            if string.find('\n' .. ARGV[6] .. '\n', probe, 1, true) then return { 'forbidden', version, from } end
            return { 'conflict', version, from }
          end
        end
        local customer, items = ARGV[8], ARGV[9]
        if customer == '' then customer = redis.call('HGET', KEYS[1], 'customer') or '' end
        if items == '' then items = redis.call('HGET', KEYS[1], 'items') or '' end
        if ARGV[10] == '1' and (customer == '' or items == '') then return { 'incomplete', version, from } end
        version = version + 1
        local fromJson = 'null'
        if from ~= '' then
          fromJson = '"' .. string.gsub(from, '[%c"\\]', function(c) return string.format('\\u%04x', string.byte(c)) end) .. '"'
        end
        redis.call('RPUSH', KEYS[2], '{"version":' .. version .. ',"from":' .. fromJson .. ',' .. ARGV[7])
        redis.call('HSET', KEYS[1], 'status', to, 'version', version, 'updatedAt', ARGV[11])
        if not status then redis.call('HSET', KEYS[1], 'createdAt', ARGV[11]) end
        if ARGV[8] ~= '' then redis.call('HSET', KEYS[1], 'customer', customer) end
        if ARGV[9] ~= '' then redis.call('HSET', KEYS[1], 'items', items) end
        if ARGV[10] == '1' then redis.call('ZADD', KEYS[3], ARGV[13], ARGV[12] .. version) end
        return { 'ok', version, from, customer, items }
        """);

    /// <summary>Read an order's state and history together. KEYS: state, history. Returns { state fields…, history entries… }.</summary>
    public static readonly RedisScript Read = new("""
        return { redis.call('HGETALL', KEYS[1]), redis.call('LRANGE', KEYS[2], 0, -1) }
        """);
}
