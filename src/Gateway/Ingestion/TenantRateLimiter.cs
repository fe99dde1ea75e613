using Gateway.Delivery.Storage;
using Gateway.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Ingestion;

/// <summary>
/// <c>Gateway:TenantEventsPerSecond</c> for the whole cluster: one GCRA state per tenant in Redis
/// (<see cref="RateLimitScript"/>), shared by every gateway process, with one second of burst.
/// </summary>
/// <remarks>
/// "Now" comes from the injected <see cref="TimeProvider"/> and is passed into the script, rather than read with
/// Redis <c>TIME</c>: the limiter is then driven by a fake clock in tests, and the script stays deterministic and runs
/// the same on Garnet. The cost is trust in the hosts' clocks: a process whose clock is ahead by δ sees the shared
/// state as δ older, so it can let through at most δ × rate extra events once; with NTP (milliseconds) that is far
/// inside the one-second burst.
/// </remarks>
public sealed class TenantRateLimiter(IOptions<GatewayOptions> options, RedisStore store, TimeProvider time)
{
    private const long MicrosecondsPerSecond = 1_000_000;

    /// <summary>Takes <paramref name="count"/> events from the tenant's budget, or says when that many will fit.</summary>
    public async ValueTask<RateDecision> TryAcquireAsync(string tenantId, int count)
    {
        var rate = options.Value.TenantEventsPerSecond;
        if (rate <= 0)
        {
            return RateDecision.Allow;
        }

        var interval = Math.Max(1, MicrosecondsPerSecond / rate);
        var tolerance = interval * rate; // one second of burst: a full bucket holds `rate` events
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
        var wait = (long)await RateLimitScript.Acquire.EvaluateAsync(
            store.Database, new { rate = (RedisKey)store.Keys.TenantRate(tenantId), now, interval, tolerance, count }).ConfigureAwait(false);
        return wait <= 0 ? RateDecision.Allow : new RateDecision(false, TimeSpan.FromTicks(wait * TimeSpan.TicksPerMicrosecond));
    }
}
