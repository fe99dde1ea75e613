using Gateway.Delivery.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Problems;

/// <summary>
/// Answers 503 problem+json (with Retry-After) when the store cannot be reached or is failing over (CLUSTERDOWN,
/// TRYAGAIN, a slot's master unreachable, too few replicas confirmed), instead of a bare 500.
/// </summary>
public sealed class StoreUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var outOfMemory = RedisErrors.IsOutOfMemory(exception);
        if (!outOfMemory && !StoreErrors.IsTransient(exception))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "1";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = outOfMemory
                    ? "The gateway's store is full (Redis maxmemory); nothing was accepted. Retry shortly."
                    : exception is ReplicationShortfallException
                        ? "The event could not be confirmed on enough replicas in time. Retry shortly with the same Idempotency-Key."
                        : "The gateway's store is unavailable. Retry shortly with the same Idempotency-Key: the event is accepted once.",
            },
        });
    }
}
