using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>
/// Tells a store that is briefly unavailable (unreachable, timing out, failing over, loading, a slot moving) from a
/// real error. The API answers the first with 503 and <c>Retry-After</c>; workers back off and try again.
/// </summary>
public static class StoreErrors
{
    // Server replies of a Redis (Cluster) that is failing over, resharding or starting: the same command succeeds later.
    private static readonly string[] s_transientReplies =
        ["CLUSTERDOWN", "MOVED", "ASK", "TRYAGAIN", "LOADING", "READONLY", "MASTERDOWN", "NOREPLICAS", "UNBLOCKED"];

    public static bool IsTransient(Exception exception) => exception switch
    {
        ReplicationShortfallException or RedisConnectionException or RedisTimeoutException or TimeoutException => true,
        RedisServerException server => server.Kind is RedisErrorKind.ClusterDown or RedisErrorKind.TryAgain or RedisErrorKind.Loading
                or RedisErrorKind.ReadOnly or RedisErrorKind.MasterDown or RedisErrorKind.NoReplicas or RedisErrorKind.Moved
                or RedisErrorKind.Ask or RedisErrorKind.UnknownRedirectTarget or RedisErrorKind.Busy or RedisErrorKind.ConnectionFault
                or RedisErrorKind.Timeout
            || s_transientReplies.Any(p => StartsWithWord(server.Message, p)),
        // The client's own words for a slot whose master it cannot reach now ("Endpoint … serving hashslot … is not reachable").
        RedisException redis => redis.Message.Contains("serving hashslot", StringComparison.Ordinal)
            || redis.Message.Contains("No connection is active/available", StringComparison.Ordinal)
            || (redis.InnerException is { } inner && IsTransient(inner)),
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsTransient),
        _ => false,
    };

    private static bool StartsWithWord(string message, string word) =>
        message.StartsWith(word, StringComparison.Ordinal) && (message.Length == word.Length || message[word.Length] == ' ');
}
