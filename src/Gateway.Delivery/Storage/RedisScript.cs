using System.Collections.Concurrent;
using System.Linq.Expressions;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// A Lua script with named <c>@parameters</c>, run by its SHA-1 (<c>EVALSHA</c>). The client's own
/// <see cref="LuaScript"/> finds a script's SHA-1 by hashing its whole text on every call, inside its write lock; this
/// hashes it once. A server that does not hold the script (a restart, <c>SCRIPT FLUSH</c>, a new master after a
/// failover) answers <c>NOSCRIPT</c>, and the call is sent again as <c>EVAL</c> with the text, which loads it there.
/// </summary>
/// <remarks>
/// Each parameter becomes <c>ARGV[n]</c> in order of first use. Members of type <see cref="RedisKey"/> are also sent
/// as <c>KEYS</c>, so Redis Cluster routes the call by their slot, as <see cref="LuaScript"/> does.
/// On a single server every call also names <see cref="IsolationKey"/>, which no script touches. Redis runs one
/// script at a time anyway; Garnet runs scripts of different connections at once, and with
/// <c>--lua-transaction-mode true</c> isolates only the keys a call names, so this shared key is what makes a script
/// atomic there, the keys it builds itself (a group's list, every endpoint of a batch) included.
/// </remarks>
public sealed partial class RedisScript
{
    private readonly ConcurrentDictionary<Type, Func<object, (RedisKey[] Keys, RedisValue[] Values)>> _extractors = new();
    private readonly string[] _parameters;
    private readonly byte[] _sha1;

    /// <summary>The key every call on a single server names so that scripts run one at a time on Garnet too.</summary>
    public static readonly RedisKey IsolationKey = "gateway:script-isolation";

    public RedisScript(string script)
    {
        var names = new List<string>();
        Text = Parameter().Replace(script, match =>
        {
            var name = match.Groups[1].Value;
            var index = names.IndexOf(name);
            if (index < 0)
            {
                names.Add(name);
                index = names.Count - 1;
            }

            return $"ARGV[{index + 1}]";
        });
        _parameters = [.. names];
        _sha1 = SHA1.HashData(Encoding.UTF8.GetBytes(Text));
    }

    /// <summary>The text Redis runs: each <c>@name</c> replaced by its <c>ARGV[n]</c>.</summary>
    public string Text { get; }

    /// <summary>The SHA-1 Redis knows the script by, in hex.</summary>
    public string Sha1 => Convert.ToHexStringLower(_sha1);

    /// <summary>Runs the script with the public fields and properties of <paramref name="parameters"/> as its arguments.</summary>
    public async Task<RedisResult> EvaluateAsync(IDatabaseAsync db, object parameters, CommandFlags flags = CommandFlags.None)
    {
        var (keys, values) = _extractors.GetOrAdd(parameters.GetType(), Compile)(parameters);
        if (ServerTopology.IsStandalone(db.Multiplexer))
        {
            keys = [.. keys, IsolationKey];
        }

        if ((flags & CommandFlags.FireAndForget) != 0)
        {
            // No answer comes back to say NOSCRIPT: send the text, which loads the script if the server lacks it.
            return await db.ScriptEvaluateAsync(Text, keys, values, flags).ConfigureAwait(false);
        }

        try
        {
            return await db.ScriptEvaluateAsync(_sha1, keys, values, flags).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            return await db.ScriptEvaluateAsync(Text, keys, values, flags).ConfigureAwait(false);
        }
    }

    /// <summary>An extractor for one parameter type: reads each named member once, typed, without reflection per call.</summary>
    private Func<object, (RedisKey[], RedisValue[])> Compile(Type type)
    {
        var input = Expression.Parameter(typeof(object), "input");
        var typed = Expression.Variable(type, "typed");
        var keys = Expression.Variable(typeof(List<RedisKey>), "keys");
        var values = Expression.Variable(typeof(RedisValue[]), "values");
        var body = new List<Expression>
        {
            Expression.Assign(typed, Expression.Convert(input, type)),
            Expression.Assign(keys, Expression.New(typeof(List<RedisKey>))),
            Expression.Assign(values, Expression.NewArrayBounds(typeof(RedisValue), Expression.Constant(_parameters.Length))),
        };
        for (var i = 0; i < _parameters.Length; i++)
        {
            var member = type.GetMember(_parameters[i], MemberTypes.Field | MemberTypes.Property, BindingFlags.Public | BindingFlags.Instance).FirstOrDefault()
                ?? throw new ArgumentException($"The script's parameter @{_parameters[i]} is not a public member of {type.Name}.", nameof(type));
            var read = Expression.MakeMemberAccess(typed, member);
            var slot = Expression.ArrayAccess(values, Expression.Constant(i));
            if (read.Type == typeof(RedisKey))
            {
                body.Add(Expression.Call(keys, typeof(List<RedisKey>).GetMethod(nameof(List<RedisKey>.Add))!, read));
            }

            var convert = typeof(RedisScript).GetMethod(nameof(ToValue), BindingFlags.NonPublic | BindingFlags.Static, [read.Type]);
            body.Add(Expression.Assign(slot, convert is not null
                ? Expression.Call(convert, read)
                : Expression.Call(typeof(RedisScript).GetMethod(nameof(ToValue), BindingFlags.NonPublic | BindingFlags.Static, [typeof(object)])!, Expression.Convert(read, typeof(object)))));
        }

        body.Add(Expression.New(
            typeof(ValueTuple<RedisKey[], RedisValue[]>).GetConstructor([typeof(RedisKey[]), typeof(RedisValue[])])!,
            Expression.Call(keys, typeof(List<RedisKey>).GetMethod(nameof(List<RedisKey>.ToArray))!), values));
        return Expression.Lambda<Func<object, (RedisKey[], RedisValue[])>>(Expression.Block([typed, keys, values], body), input).Compile();
    }

    private static RedisValue ToValue(RedisKey key) => (string?)key;

    private static RedisValue ToValue(RedisValue value) => value;

    private static RedisValue ToValue(string? value) => value;

    private static RedisValue ToValue(long value) => value;

    private static RedisValue ToValue(int value) => value;

    private static RedisValue ToValue(double value) => value;

    private static RedisValue ToValue(bool value) => value;

    private static RedisValue ToValue(byte[]? value) => value;

    private static RedisValue ToValue(ReadOnlyMemory<byte> value) => value;

    private static RedisValue ToValue(object? value) => RedisValue.Unbox(value);

    [GeneratedRegex(@"(?<![\p{L}\p{N}@])@([\p{L}_][\p{L}\p{N}_]*)")]
    private static partial Regex Parameter();
}
