using StackExchange.Redis;

namespace Gateway.Delivery.Storage;

/// <summary>Recognises the store's answers that mean "try again later" rather than a bug.</summary>
public static class RedisErrors
{
    /// <summary>
    /// Redis at <c>maxmemory</c> under <c>noeviction</c> refuses writes with <c>OOM command not allowed when used memory &gt;
    /// 'maxmemory'</c>. A Lua script is refused at its first write, before it changed anything, so nothing is half-written.
    /// </summary>
    public static bool IsOutOfMemory(Exception exception) =>
        exception is RedisServerException { Message: var message } && message.StartsWith("OOM", StringComparison.Ordinal);
}
