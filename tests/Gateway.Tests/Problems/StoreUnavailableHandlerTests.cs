using Gateway.Delivery.Storage;
using Gateway.Problems;
using Microsoft.AspNetCore.Http;
using StackExchange.Redis;

namespace Gateway.Tests.Problems;

/// <summary>A store failing over answers 503 with Retry-After, never 500; a real error still surfaces.</summary>
public sealed class StoreUnavailableHandlerTests
{
    public static TheoryData<Exception> Transient => new()
    {
        Server("CLUSTERDOWN The cluster is down"),
        Server("CLUSTERDOWN Hash slot not served"),
        Server("TRYAGAIN Multiple keys request during rehashing of slot"),
        Server("LOADING Redis is loading the dataset in memory"),
        Server("READONLY You can't write against a read only replica."),
        Server("MOVED 3999 127.0.0.1:6381"),
        Server("ASK 3999 127.0.0.1:6381"),
        Server("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'."),
        new RedisException("Endpoint 127.0.0.1:7001 serving hashslot 3999 is not reachable at this point of time."),
        new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "No connection is available", null, CommandStatus.Unknown),
        new RedisTimeoutException(CommandFlags.None, "Timeout awaiting response", CommandStatus.Sent),
        new ReplicationShortfallException(1, 0, TimeSpan.FromSeconds(1)),
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public async Task TransientStoreError_Is503WithRetryAfter(Exception error)
    {
        var (handled, context, problems) = await HandleAsync(error);

        Assert.True(handled);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, problems.Written!.ProblemDetails.Status);
    }

    [Theory]
    [InlineData("WRONGTYPE Operation against a key holding the wrong kind of value")]
    [InlineData("ERR Error running script: attempt to compare nil with number")]
    [InlineData("ASKING is not a reply")]
    public async Task RealServerError_IsNotHidden(string message)
    {
        var (handled, _, problems) = await HandleAsync(Server(message));

        Assert.False(handled);
        Assert.Null(problems.Written);
    }

    // Classified by its text alone, as a reply the client does not categorise would be.
    private static RedisServerException Server(string message) => new(RedisErrorKind.Unknown, CommandFlags.None, message);

    private static async Task<(bool Handled, HttpContext Context, RecordingProblems Problems)> HandleAsync(Exception error)
    {
        var problems = new RecordingProblems();
        var context = new DefaultHttpContext();
        var handled = await new StoreUnavailableHandler(problems).TryHandleAsync(context, error, CancellationToken.None);
        return (handled, context, problems);
    }

    private sealed class RecordingProblems : IProblemDetailsService
    {
        public ProblemDetailsContext? Written { get; private set; }

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            Written = context;
            return ValueTask.CompletedTask;
        }

        public ValueTask<bool> TryWriteAsync(ProblemDetailsContext context)
        {
            Written = context;
            return ValueTask.FromResult(true);
        }
    }
}
