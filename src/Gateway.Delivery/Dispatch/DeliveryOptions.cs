using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Gateway.Delivery.Dispatch;

/// <summary>How deliveries are made and retried, bound from the <c>Delivery</c> section.</summary>
public sealed class DeliveryOptions
{
    public const string SectionName = "Delivery";

    /// <summary>Delays before each retry after the first attempt, comma separated (<c>[d.]hh:mm:ss[.fff]</c>); its length is the retry budget.
    /// <value>5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h: ten attempts over about 3 days</value></summary>
    public string RetrySchedule { get; set; } = "00:00:05,00:05:00,00:30:00,02:00:00,05:00:00,10:00:00,14:00:00,20:00:00,1.00:00:00";

    /// <summary>Random spread applied to each retry delay. <value>0.2 (±20 %)</value></summary>
    [Range(0.0, 0.9)]
    public double Jitter { get; set; } = 0.2;

    /// <summary>Whole-request timeout of one attempt. <value>15 s</value></summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>TCP connect timeout. <value>5 s</value></summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra time a lease outlives the request timeout. <value>15 s</value></summary>
    public TimeSpan LeaseMargin { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>In-flight deliveries per endpoint, across all workers. <value>10</value></summary>
    [Range(1, 1000)]
    public int MaxInFlightPerEndpoint { get; set; } = 10;

    /// <summary>In-flight deliveries per worker process. <value>512</value></summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = 512;

    /// <summary>Connections kept per subscriber host by each worker process; an endpoint never uses more at once than
    /// its in-flight cap. <value>256</value></summary>
    [Range(1, 10_000)]
    public int MaxConnectionsPerServer { get; set; } = 256;

    /// <summary>An HTTP proxy every delivery goes through (e.g. an egress filter, as Standard Webhooks recommends);
    /// unset: connect directly, with the gateway's own connect-time SSRF check. <value>none</value></summary>
    public Uri? EgressProxy { get; set; }

    /// <summary>Safety-net poll of queues when no wake-up arrives. <value>2 s</value></summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An endpoint failing without a success for this long is disabled. <value>5 days</value></summary>
    public TimeSpan DisableAfter { get; set; } = TimeSpan.FromDays(5);

    /// <summary>An endpoint whose circuit breaker has stayed open this long gets an <c>endpoint.failing</c> notice. <value>15 min</value></summary>
    public TimeSpan FailingNoticeAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>At most one <c>endpoint.failing</c> notice per endpoint in each window this long. <value>24 h</value></summary>
    public TimeSpan FailingNoticeInterval { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Consecutive failures that open an endpoint's circuit. <value>10</value></summary>
    [Range(1, 10_000)]
    public int BreakerFailureThreshold { get; set; } = 10;

    /// <summary>How long an open circuit pauses an endpoint before a probe. <value>30 s</value></summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Most entries kept in each of an endpoint's logs (attempts, blocked). <value>1000</value></summary>
    [Range(1, 1_000_000)]
    public int AttemptLogSize { get; set; } = 1000;

    /// <summary>How long attempts, blocked events, hourly activity and dead letters are kept. All-time counters are kept.
    /// <value>7 days</value></summary>
    public TimeSpan LogRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Recently ingested bodies kept in memory so workers in the same process need not read them back. <value>20000</value></summary>
    [Range(0, 10_000_000)]
    public int BodyCacheEntries { get; set; } = 20_000;

    /// <summary>Most dead letters kept per endpoint; the oldest go first. <value>10000</value></summary>
    [Range(1, 10_000_000)]
    public int DeadLetterLimit { get; set; } = 10_000;

    /// <summary>How long an old secret keeps signing after a rotation. <value>24 h</value></summary>
    public TimeSpan SecretRotationOverlap { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long a message waits, without spending an attempt, when its endpoint's secret cannot be decrypted
    /// (the operator key is missing or wrong). <value>30 s</value></summary>
    public TimeSpan SecretUnavailableDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan LeaseDuration => RequestTimeout + ConnectTimeout + LeaseMargin;

    /// <summary>
    /// How long a delivered or dead-lettered message is remembered per endpoint, so that fan-out recovery (which
    /// re-runs fan-outs whose "done" mark a crash lost, 30 s after accept) never queues it again. It must outlast
    /// the recovery's grace and sweep; each remembered message costs one sorted-set entry. <value>2 min</value>
    /// </summary>
    public TimeSpan CompletionMarkerWindow { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The parsed <see cref="RetrySchedule"/>.</summary>
    public IReadOnlyList<TimeSpan> ParseRetrySchedule()
    {
        var delays = new List<TimeSpan>();
        foreach (var part in RetrySchedule.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TimeSpan.TryParse(part, CultureInfo.InvariantCulture, out var delay) || delay < TimeSpan.Zero)
            {
                throw new FormatException($"Delivery:RetrySchedule has an entry '{part}' that is not a non-negative hh:mm:ss delay.");
            }

            delays.Add(delay);
        }

        return delays;
    }
}
