namespace Gateway.Client;

/// <summary>Where the gateway is, which key to call it with, and how hard to retry.</summary>
public sealed class GatewayClientOptions
{
    /// <summary>The gateway's base address, e.g. <c>http://127.0.0.1:8080/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A tenant API key (<c>gwk_…</c>), or the admin key for <see cref="GatewayClient.Admin"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Whether event posts without a caller's <c>Idempotency-Key</c> get a generated one, which makes them safe to retry.</summary>
    /// <value>true.</value>
    public bool AddIdempotencyKeys { get; set; } = true;

    /// <summary>Retries of a retryable call after a transient failure (429, 5xx, 408, a network error).</summary>
    /// <value>3.</value>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The first backoff delay when the answer has no <c>Retry-After</c>; it doubles, with jitter.</summary>
    /// <value>500 ms.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Per request, retries included.</summary>
    /// <value>100 seconds, as <see cref="HttpClient.Timeout"/>.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);
}
