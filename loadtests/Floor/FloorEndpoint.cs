using System.Buffers;
using StackExchange.Redis;

namespace Floor;

/// <summary><c>POST /v1/events</c>: read the whole body, optionally LPUSH it, answer 202.</summary>
internal static class FloorEndpoint
{
    /// <summary>The list every body goes to; <see cref="ListTrimmer"/> keeps it short.</summary>
    public static readonly RedisKey Key = "floor:events";

    public static async Task<IResult> AcceptAsync(HttpRequest request)
    {
        _ = await ReadBodyAsync(request);
        return TypedResults.Accepted((string?)null);
    }

    public static async Task<IResult> AcceptAndPushAsync(HttpRequest request, IConnectionMultiplexer redis)
    {
        var body = await ReadBodyAsync(request);
        await redis.GetDatabase().ListLeftPushAsync(Key, body);
        return TypedResults.Accepted((string?)null);
    }

    // The gateway too holds the whole body in memory before it parses it.
    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(request.HttpContext.RequestAborted);
            if (result.IsCompleted)
            {
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }
}
