using System.Text;
using StackExchange.Redis;

namespace Gateway.Tests.Infrastructure;

/// <summary>Every key under a prefix and everything it holds, read with the right command per type: what a backup would show.</summary>
public static class RedisDump
{
    public static async Task<byte[]> ReadAllAsync(IConnectionMultiplexer connection, string prefix)
    {
        var db = connection.GetDatabase();
        var dump = new MemoryStream();
        void Write(RedisValue value) => dump.Write((byte[])value! ?? []);
        foreach (var server in connection.GetServers().Where(s => !s.IsReplica))
        {
            await foreach (var key in server.KeysAsync(pattern: prefix + "*", pageSize: 500))
            {
                dump.Write(Encoding.UTF8.GetBytes(key!));
                switch (await db.KeyTypeAsync(key))
                {
                    case RedisType.String:
                        Write(await db.StringGetAsync(key));
                        break;
                    case RedisType.Hash:
                        foreach (var entry in await db.HashGetAllAsync(key))
                        {
                            Write(entry.Name);
                            Write(entry.Value);
                        }

                        break;
                    case RedisType.List:
                        foreach (var item in await db.ListRangeAsync(key))
                        {
                            Write(item);
                        }

                        break;
                    case RedisType.Set:
                        foreach (var member in await db.SetMembersAsync(key))
                        {
                            Write(member);
                        }

                        break;
                    case RedisType.SortedSet:
                        foreach (var member in await db.SortedSetRangeByRankAsync(key))
                        {
                            Write(member);
                        }

                        break;
                    case RedisType.Stream:
                        foreach (var entry in await db.StreamRangeAsync(key))
                        {
                            foreach (var field in entry.Values)
                            {
                                Write(field.Name);
                                Write(field.Value);
                            }
                        }

                        break;
                }
            }
        }

        return dump.ToArray();
    }

    /// <summary>Whether <paramref name="needle"/> occurs anywhere in <paramref name="dump"/>.</summary>
    public static bool Contains(byte[] dump, ReadOnlySpan<byte> needle) => dump.AsSpan().IndexOf(needle) >= 0;
}
