using System.Collections.Concurrent;
using Gateway.Hosting;
using Microsoft.Extensions.Options;

namespace Gateway.Ingestion;

/// <summary>A token bucket per tenant (per process): <c>Gateway:TenantEventsPerSecond</c> with one second of burst.</summary>
public sealed class TenantRateLimiter(IOptions<GatewayOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);

    /// <summary>Takes <paramref name="count"/> tokens; when refused, <paramref name="retryAfter"/> says when enough will be back.</summary>
    public bool TryAcquire(string tenantId, int count, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        var rate = options.Value.TenantEventsPerSecond;
        if (rate <= 0)
        {
            return true;
        }

        var bucket = _buckets.GetOrAdd(tenantId, _ => new Bucket(rate, time.GetTimestamp()));
        lock (bucket)
        {
            var now = time.GetTimestamp();
            bucket.Tokens = Math.Min(rate, bucket.Tokens + (time.GetElapsedTime(bucket.Stamp, now).TotalSeconds * rate));
            bucket.Stamp = now;
            if (bucket.Tokens >= count)
            {
                bucket.Tokens -= count;
                return true;
            }

            retryAfter = TimeSpan.FromSeconds(Math.Ceiling((count - bucket.Tokens) / rate));
            return false;
        }
    }

    private sealed class Bucket(double tokens, long stamp)
    {
        public double Tokens { get; set; } = tokens;

        public long Stamp { get; set; } = stamp;
    }
}
