using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Tenants;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Console;

/// <summary>
/// Console links and sessions in Redis. Both are stored under the SHA-256 of their secret (as API keys are), with a
/// TTL, and both are indexed per tenant (id → hash), so the tenant can list them and revoke one, every one, or every
/// one a key issued. A link is consumed by one script that reads and deletes it, so two concurrent opens cannot both
/// succeed.
/// </summary>
public sealed class ConsoleSessionStore(RedisStore store, TenantStore tenants, TimeProvider time, IOptions<ConsoleOptions> options)
{
    /// <summary>What issued a link the admin key asked for (no key of the tenant's own).</summary>
    public const string AdminIssuer = "admin";

    // GET and DEL in one step (Lua/consume-link.lua): Redis 7 has GETDEL, but one script runs the same on Garnet.
    private static readonly RedisScript s_consume = LuaScripts.Load(typeof(ConsoleSessionStore).Assembly, "Console/Lua", "consume-link.lua");

    private string Prefix => store.Keys.Prefix;

    private string LinkKey(string token) => LinkKeyOf(ApiKeys.Hash(token));

    private string LinkKeyOf(string hash) => $"{Prefix}:console:link:{hash}";

    private string TenantLinks(string tenantId) => $"{Prefix}:tenant:{tenantId}:consolelinks";

    private string SessionKey(string hash) => $"{Prefix}:console:session:{hash}";

    private string TenantSessions(string tenantId) => $"{Prefix}:tenant:{tenantId}:consolesessions";

    public async Task<IssuedLink> CreateLinkAsync(string tenantId, string createdBy)
    {
        var now = time.GetUtcNow();
        var lifetime = options.Value.LinkLifetime;
        var token = NewSecret("gwc_");
        var link = new ConsoleLink(Ids.New("cl"), tenantId, createdBy, now, now + lifetime);
        var hash = ApiKeys.Hash(token);
        await SetAsync(LinkKeyOf(hash), JsonSerializer.Serialize(link, GatewayJson.Options), lifetime).ConfigureAwait(false);
        await store.Database.HashSetAsync(TenantLinks(tenantId), link.Id, hash).ConfigureAwait(false);
        return new IssuedLink(link.Id, token, link.ExpiresAt);
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
        if (link.Id is not null)
        {
            await store.Database.HashDeleteAsync(TenantLinks(link.TenantId), link.Id).ConfigureAwait(false);
        }

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
        // Checked after the session is indexed: a key revoked before this point is seen here, and one revoked after
        // it finds the session in the index (RevokeIssuedByAsync), so no interleaving leaves a session of a dead key.
        if (!await IssuerIsLiveAsync(link).ConfigureAwait(false))
        {
            await RevokeAsync(link.TenantId, session.Id).ConfigureAwait(false);
            return null;
        }

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
    public async Task<IReadOnlyList<ConsoleSession>> ListAsync(string tenantId) =>
        [.. (await LiveAsync<ConsoleSession>(TenantSessions(tenantId), SessionKey, s => s.ExpiresAt).ConfigureAwait(false)).Select(e => e.Item).OrderBy(s => s.CreatedAt)];

    /// <summary>The tenant's links not yet opened nor expired.</summary>
    public async Task<IReadOnlyList<ConsoleLink>> ListLinksAsync(string tenantId) =>
        [.. (await LiveAsync<ConsoleLink>(TenantLinks(tenantId), LinkKeyOf, l => l.ExpiresAt).ConfigureAwait(false)).Select(e => e.Item).OrderBy(l => l.CreatedAt)];

    /// <summary>Ends one session, or takes back one unopened link, of the tenant; false when it has no such id.</summary>
    public async Task<bool> RevokeAsync(string tenantId, string id) =>
        await RevokeEntryAsync(TenantSessions(tenantId), SessionKey, id).ConfigureAwait(false)
        || await RevokeEntryAsync(TenantLinks(tenantId), LinkKeyOf, id).ConfigureAwait(false);

    /// <summary>Ends every session and takes back every unopened link of the tenant; returns how many.</summary>
    public async Task<int> RevokeAllAsync(string tenantId) =>
        await RevokeWhereAsync<ConsoleSession>(TenantSessions(tenantId), SessionKey, _ => true).ConfigureAwait(false)
        + await RevokeWhereAsync<ConsoleLink>(TenantLinks(tenantId), LinkKeyOf, _ => true).ConfigureAwait(false);

    /// <summary>Ends the sessions and links a key issued (call it once the key is revoked); returns how many.</summary>
    public async Task<int> RevokeIssuedByAsync(string tenantId, string keyId) =>
        await RevokeWhereAsync<ConsoleSession>(TenantSessions(tenantId), SessionKey, s => s.CreatedBy == keyId).ConfigureAwait(false)
        + await RevokeWhereAsync<ConsoleLink>(TenantLinks(tenantId), LinkKeyOf, l => l.CreatedBy == keyId).ConfigureAwait(false);

    private async Task<bool> IssuerIsLiveAsync(ConsoleLink link) =>
        link.CreatedBy == AdminIssuer || await tenants.IsKeyLiveAsync(link.TenantId, link.CreatedBy).ConfigureAwait(false);

    private async Task<List<(RedisValue Id, RedisValue Hash, T Item)>> LiveAsync<T>(string index, Func<string, string> keyOf, Func<T, DateTimeOffset> expiresAt)
    {
        var db = store.Database;
        var entries = await db.HashGetAllAsync(index).ConfigureAwait(false);
        var live = new List<(RedisValue, RedisValue, T)>();
        var now = time.GetUtcNow();
        foreach (var entry in entries)
        {
            var json = await db.StringGetAsync(keyOf(entry.Value!)).ConfigureAwait(false);
            var item = json.IsNullOrEmpty ? default : JsonSerializer.Deserialize<T>((string)json!, GatewayJson.Options);
            if (item is not null && expiresAt(item) > now)
            {
                live.Add((entry.Name, entry.Value, item));
            }
            else
            {
                await db.HashDeleteAsync(index, entry.Name).ConfigureAwait(false);
            }
        }

        return live;
    }

    private async Task<bool> RevokeEntryAsync(string index, Func<string, string> keyOf, string id)
    {
        var db = store.Database;
        var hash = await db.HashGetAsync(index, id).ConfigureAwait(false);
        if (hash.IsNull)
        {
            return false;
        }

        await db.KeyDeleteAsync(keyOf(hash!)).ConfigureAwait(false);
        await db.HashDeleteAsync(index, id).ConfigureAwait(false);
        return true;
    }

    private async Task<int> RevokeWhereAsync<T>(string index, Func<string, string> keyOf, Func<T, bool> match)
    {
        var db = store.Database;
        var revoked = 0;
        foreach (var (id, hash, item) in await LiveAsync<T>(index, keyOf, _ => DateTimeOffset.MaxValue).ConfigureAwait(false))
        {
            if (match(item))
            {
                await db.KeyDeleteAsync(keyOf(hash!)).ConfigureAwait(false);
                await db.HashDeleteAsync(index, id).ConfigureAwait(false);
                revoked++;
            }
        }

        return revoked;
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
