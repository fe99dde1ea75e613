using Microsoft.AspNetCore.Diagnostics;

namespace Gateway.Problems;

/// <summary>Answers a <see cref="RejectedRequestException"/> with its problem.</summary>
public sealed class RejectedRequestHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not RejectedRequestException rejected)
        {
            return false;
        }

        await rejected.Problem.ExecuteAsync(httpContext);
        return true;
    }
}
