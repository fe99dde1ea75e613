using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace Gateway.Client.Http;

/// <summary>
/// Retries only what is safe to send twice: GET, PUT, DELETE, and a POST carrying an <c>Idempotency-Key</c> (the gateway
/// accepts such an event once). Waits as long as <c>Retry-After</c> says on 429 and 503; a POST without a key is never retried.
/// </summary>
internal static class GatewayResilience
{
    public static ResiliencePipeline<HttpResponseMessage> Pipeline(GatewayClientOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>().AddRetry(RetryOptions(options)).Build();

    public static HttpRetryStrategyOptions RetryOptions(GatewayClientOptions options) => new()
    {
        MaxRetryAttempts = Math.Max(1, options.MaxRetries),
        Delay = options.RetryDelay,
        BackoffType = DelayBackoffType.Exponential,
        UseJitter = true,
        ShouldRetryAfterHeader = true,
        ShouldHandle = args => ValueTask.FromResult(
            options.MaxRetries > 0
            && args.Context.GetRequestMessage() is { } request
            && IsRetryable(request)
            && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
    };

    public static bool IsRetryable(HttpRequestMessage request) =>
        request.Method == HttpMethod.Get || request.Method == HttpMethod.Put || request.Method == HttpMethod.Delete || request.Method == HttpMethod.Head
        || (request.Method == HttpMethod.Post && request.Headers.Contains(GatewayHttp.IdempotencyKeyHeader));
}
