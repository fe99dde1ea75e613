using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Gateway.ApiDocs;
using Gateway.Delivery.Metrics;
using Gateway.Hosting;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gateway.Ingestion;

/// <summary><c>POST /v1/events</c> and its batch form.</summary>
public static class IngestionApi
{
    private const int MaxBatchBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapIngestion(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/events").RequireTenant().WithTags("Events");
        // The bodies are read by the handlers (an event is checked against its type's JSON Schema), never bound:
        // Accepts names the documented shape only.
        group.MapPost("/", IngestOneAsync)
            .WithSummary("Ingest one event (optional Idempotency-Key header); answered once it is queued for every matching endpoint.")
            .Accepts<EventDocument>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/batch", IngestBatchAsync)
            .WithSummary("Ingest up to 1,000 events; each has its own result.")
            .Accepts<BatchRequest>("application/json")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status422UnprocessableEntity, StatusCodes.Status429TooManyRequests);
        return app;
    }

    private static Task<Results<Accepted<EventAccepted>, ProblemHttpResult>> IngestOneAsync(
        HttpContext context, EventIngestor ingestor, TenantRateLimiter limiter, IOptions<GatewayOptions> options, GatewayMetrics metrics)
    {
        RecordDuration(context, metrics, "event");
        return IngestOneCoreAsync(context, ingestor, limiter, options.Value);
    }

    private static Task<Results<Ok<BatchResult>, ProblemHttpResult>> IngestBatchAsync(
        HttpContext context, EventIngestor ingestor, TenantRateLimiter limiter, IOptions<GatewayOptions> options, GatewayMetrics metrics)
    {
        RecordDuration(context, metrics, "batch");
        return IngestBatchCoreAsync(context, ingestor, limiter, options.Value);
    }

    /// <summary>Records the request's duration and the status code sent.</summary>
    private static void RecordDuration(HttpContext context, GatewayMetrics metrics, string route)
    {
        var started = Stopwatch.GetTimestamp();
        // Recorded when the response is complete, not when the handler returns: a handler that throws (Redis
        // unreachable, a bug) is answered by the exception handlers, and its 503 or 500 must be counted too.
        context.Response.OnCompleted(() =>
        {
            metrics.IngestRequest(route, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
            return Task.CompletedTask;
        });
    }

    private static async Task<Results<Accepted<EventAccepted>, ProblemHttpResult>> IngestOneCoreAsync(
        HttpContext context, EventIngestor ingestor, TenantRateLimiter limiter, GatewayOptions options)
    {
        if (!RequestJson.IsJsonContentType(context.Request))
        {
            return RequestJson.UnsupportedMediaType();
        }

        var tenantId = context.Tenant().TenantId;
        if (await limiter.TryAcquireAsync(tenantId, 1) is { Allowed: false } refused)
        {
            return RateLimited(context, refused);
        }

        var (buffer, length) = await ReadBodyAsync(context.Request, options.MaxEventBytes);
        if (buffer is null)
        {
            return RequestJson.TooLarge(options.MaxEventBytes);
        }

        var reusable = true;
        try
        {
            var idempotencyKey = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
            var result = await ingestor.IngestAsync(tenantId, buffer.AsMemory(0, length), idempotencyKey);
            if (result.Replayed)
            {
                context.Response.Headers["Idempotent-Replayed"] = "true";
            }

            return result.ToHttpResult();
        }
        catch (TimeoutException)
        {
            // The store did not answer in time (503): the accept may still be writing this body, so the buffer is
            // left to the garbage collector instead of going back to the pool for another request.
            reusable = false;
            throw;
        }
        finally
        {
            if (reusable)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    private static async Task<Results<Ok<BatchResult>, ProblemHttpResult>> IngestBatchCoreAsync(
        HttpContext context, EventIngestor ingestor, TenantRateLimiter limiter, GatewayOptions options)
    {
        var (document, error) = await RequestJson.ReadObjectAsync(context.Request, MaxBatchBytes);
        if (error is not null)
        {
            return error;
        }

        using var _ = document;
        if (RequestJson.RefuseUnknownFields(document!.RootElement, "a batch", ["events"]) is { } unknown)
        {
            return unknown;
        }

        if (!document.RootElement.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Array)
        {
            return Problem.Validation("/events", "events is required: a list of event documents.");
        }

        var count = events.GetArrayLength();
        if (count == 0 || count > options.MaxBatchSize)
        {
            return Problem.Validation("/events", $"events must hold 1 to {options.MaxBatchSize} documents.");
        }

        var tenantId = context.Tenant().TenantId;
        if (await limiter.TryAcquireAsync(tenantId, count) is { Allowed: false } refused)
        {
            return RateLimited(context, refused);
        }

        var idempotencyKey = context.Request.Headers["Idempotency-Key"].FirstOrDefault();
        var results = new IngestResult[count];
        var index = 0;
        var work = new List<Task>(count);
        foreach (var item in events.EnumerateArray())
        {
            var i = index++;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(item);
            // Per item, the batch's key becomes "<key>:<index>", so retrying the whole batch is safe.
            work.Add(Task.Run(async () => results[i] = await ingestor.IngestAsync(tenantId, bytes, idempotencyKey is null ? null : $"{idempotencyKey}:{i}")));
        }

        await Task.WhenAll(work);
        var accepted = results.Count(r => r.IsAccepted);
        return TypedResults.Ok(new BatchResult(accepted, count - accepted, [.. results.Select((result, index) => BatchItemResult.Of(index, result))]));
    }

    private static ProblemHttpResult RateLimited(HttpContext context, RateDecision refused)
    {
        context.Response.Headers.RetryAfter = refused.RetryAfterSeconds;
        return Problem.Create(StatusCodes.Status429TooManyRequests, "Too many requests", "This tenant's ingestion rate limit is reached; retry after the Retry-After delay.");
    }

    /// <summary>Reads the body into a pooled buffer; null when it is over <paramref name="limit"/>.</summary>
    private static async Task<(byte[]? Buffer, int Length)> ReadBodyAsync(HttpRequest request, int limit)
    {
        if (request.ContentLength > limit)
        {
            return (null, 0);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)(request.ContentLength ?? 16 * 1024) + 1);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (buffer.Length > limit)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                buffer.AsSpan(0, length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(buffer);
                buffer = larger;
            }

            var read = await request.Body.ReadAsync(buffer.AsMemory(length), request.HttpContext.RequestAborted);
            if (read == 0)
            {
                break;
            }

            length += read;
            if (length > limit)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return (null, 0);
            }
        }

        return (buffer, length);
    }
}
