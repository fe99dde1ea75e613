using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Tenants;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Console;

/// <summary>
/// Console links and sessions in Redis. Both are stored under the SHA-256 of their secret (as API keys are), with a
/// TTL. A link is consumed by one script that reads and deletes it, so two concurrent opens cannot both succeed.
/// </summary>
public sealed class ConsoleSessionStore(RedisStore store, TimeProvider time, IOptions<ConsoleOptions> options)
{
    // GET and DEL in one step (Lua/consume-link.lua): Redis 7 has GETDEL, but one script runs the same on Garnet.
    private static readonly RedisScript s_consume = LuaScripts.Load(typeof(ConsoleSessionStore).Assembly, "Console/Lua", "consume-link.lua");

    private string Prefix => store.Keys.Prefix;

    private string LinkKey(string token) => $"{Prefix}:console:link:{ApiKeys.Hash(token)}";

    private string SessionKey(string hash) => $"{Prefix}:console:session:{hash}";

    private string TenantSessions(string tenantId) => $"{Prefix}:tenant:{tenantId}:consolesessions";

    public async Task<IssuedLink> CreateLinkAsync(string tenantId, string createdBy)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.LinkLifetime;
        var token = NewSecret("gwc_");
        var link = new ConsoleLink(tenantId, createdBy, now, now + lifetime);
        await SetAsync(LinkKey(token), JsonSerializer.Serialize(link, GatewayJson.Options), lifetime).ConfigureAwait(false);
        return new IssuedLink(token, link.ExpiresAt);
    }

    /// <summary>Consumes a link and starts its session; null when the token is unknown, used or expired.</summary>
    public async Task<OpenedLink?> OpenAsync(string token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 200)
        {
            return null;
        }

        var value = await s_consume.EvaluateAsync(store.Database, new { link = (RedisKey)LinkKey(token) }).ConfigureAwait(false);
        if (value.IsNull)
        {
            return null;
        }

        var link = JsonSerializer.Deserialize<ConsoleLink>((string)value!, GatewayJson.Options)!;
        var now = time.GetUtcNow();
        if (link.ExpiresAt <= now)
        {
            return null;
        }

        var lifetime = options.Value.SessionLifetime;
        var cookie = NewSecret("");
        var session = new ConsoleSession(Ids.New("cs"), link.TenantId, NewSecret(""), link.CreatedBy, now, now + lifetime);
        var hash = ApiKeys.Hash(cookie);
        var db = store.Database;
        await SetAsync(SessionKey(hash), JsonSerializer.Serialize(session, GatewayJson.Options), lifetime).ConfigureAwait(false);
        await db.HashSetAsync(TenantSessions(link.TenantId), session.Id, hash).ConfigureAwait(false);
        return new OpenedLink(session, cookie);
    }

    /// <summary>The live session a cookie names, or null.</summary>
    public async Task<ConsoleSession?> AuthenticateAsync(string cookieValue)
    {
        if (string.IsNullOrEmpty(cookieValue) || cookieValue.Length > 200)
        {
            return null;
        }

        var json = await store.Database.StringGetAsync(SessionKey(ApiKeys.Hash(cookieValue))).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return null;
        }

        var session = JsonSerializer.Deserialize<ConsoleSession>((string)json!, GatewayJson.Options)!;
        return session.ExpiresAt > time.GetUtcNow() ? session : null;
    }

    /// <summary>The tenant's live sessions; entries whose session expired are dropped from the index on the way.</summary>
    public async Task<IReadOnlyList<ConsoleSession>> ListAsync(string tenantId)
    {
        var db = store.Database;
        var entries = await db.HashGetAllAsync(TenantSessions(tenantId)).ConfigureAwait(false);
        var live = new List<ConsoleSession>();
        var now = time.GetUtcNow();
        foreach (var entry in entries)
        {
            var json = await db.StringGetAsync(SessionKey(entry.Value!)).ConfigureAwait(false);
            var session = json.IsNullOrEmpty ? null : JsonSerializer.Deserialize<ConsoleSession>((string)json!, GatewayJson.Options);
            if (session is not null && session.ExpiresAt > now)
            {
                live.Add(session);
            }
            else
            {
                await db.HashDeleteAsync(TenantSessions(tenantId), entry.Name).ConfigureAwait(false);
            }
        }

        return [.. live.OrderBy(s => s.CreatedAt)];
    }

    /// <summary>Ends one session of the tenant; false when it has no such session.</summary>
    public async Task<bool> RevokeAsync(string tenantId, string sessionId)
    {
        var db = store.Database;
        var hash = await db.HashGetAsync(TenantSessions(tenantId), sessionId).ConfigureAwait(false);
        if (hash.IsNull)
        {
            return false;
        }

        await db.KeyDeleteAsync(SessionKey(hash!)).ConfigureAwait(false);
        await db.HashDeleteAsync(TenantSessions(tenantId), sessionId).ConfigureAwait(false);
        return true;
    }

    /// <summary>Ends every session of the tenant; returns how many were live or listed.</summary>
    public async Task<int> RevokeAllAsync(string tenantId)
    {
        var db = store.Database;
        var entries = await db.HashGetAllAsync(TenantSessions(tenantId)).ConfigureAwait(false);
        foreach (var entry in entries)
        {
            await db.KeyDeleteAsync(SessionKey(entry.Value!)).ConfigureAwait(false);
            await db.HashDeleteAsync(TenantSessions(tenantId), entry.Name).ConfigureAwait(false);
        }

        return entries.Length;
    }

    private Task<bool> SetAsync(string key, string value, TimeSpan lifetime) =>
        store.Database.StringSetAsync(key, value, lifetime);

    private static string NewSecret(string prefix)
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return prefix + Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }
}
