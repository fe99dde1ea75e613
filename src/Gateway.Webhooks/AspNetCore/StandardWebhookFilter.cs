using Gateway.Webhooks.Verification;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Webhooks.AspNetCore;

/// <summary>Verifies a delivery before the handler runs; 401 problem when it does not verify, 413 when it is too large to buffer.</summary>
internal sealed partial class StandardWebhookFilter(Func<HttpContext, WebhookVerifier> verifierFor) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var verifier = verifierFor(http);
        var logger = http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger<StandardWebhookFilter>() ?? NullLogger<StandardWebhookFilter>.Instance;
        var body = await BufferAsync(http.Request, verifier.Options.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            LogTooLarge(logger, verifier.Options.MaxBodyBytes);
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Webhook body too large",
                detail: $"The body is over {verifier.Options.MaxBodyBytes} bytes.");
        }

        var result = verifier.Verify(http.Request.Headers, body);
        if (!result.IsValid)
        {
            LogRejected(logger, result.MessageId, result.Failure);
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Webhook verification failed",
                detail: Describe(result.Failure), extensions: new Dictionary<string, object?> { ["reason"] = result.Failure.ToString() });
        }

        http.Features.Set(new VerifiedWebhook(result.MessageId!, result.Timestamp!.Value, body));
        return await next(context);
    }

    /// <summary>Reads the body once into memory and rewinds it, so the handler can read it again; null when over the limit.</summary>
    private static async Task<byte[]?> BufferAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        request.EnableBuffering();
        using var copy = new MemoryStream(request.ContentLength is { } length ? (int)length : 4096);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (copy.Length + read > maxBytes)
            {
                return null;
            }

            copy.Write(chunk, 0, read);
        }

        request.Body.Position = 0;
        return copy.ToArray();
    }

    private static string Describe(WebhookFailure failure) => failure switch
    {
        WebhookFailure.MissingHeader => "webhook-id, webhook-timestamp and webhook-signature are all required.",
        WebhookFailure.BadTimestamp => "webhook-timestamp is not a number of Unix seconds.",
        WebhookFailure.TimestampOutOfTolerance => "webhook-timestamp is too far from now.",
        _ => "No signature in webhook-signature matches.",
    };

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Webhook {MessageId} rejected: {Failure}")]
    private static partial void LogRejected(ILogger logger, string? messageId, WebhookFailure failure);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Webhook rejected: body over {MaxBytes} bytes")]
    private static partial void LogTooLarge(ILogger logger, int maxBytes);
}
