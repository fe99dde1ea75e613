using Gateway.Delivery.Secrets;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Problems;

/// <summary>
/// Answers 503 problem+json when a secret cannot be encrypted or decrypted because the operator key is missing or
/// wrong: the operator's problem, not the client's, and never a bare 500. <c>/readyz</c> says the same.
/// </summary>
public sealed class EncryptionUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not EncryptionUnavailableException)
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service unavailable",
                Detail = "The gateway's encryption key for endpoint secrets is missing or wrong; nothing was changed. The operator sees why on /readyz.",
            },
        });
    }
}
