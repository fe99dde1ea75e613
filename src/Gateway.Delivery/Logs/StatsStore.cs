using System.Globalization;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Logs;

/// <summary>
/// Reads the counters the queue scripts keep: the all-time <c>stats</c> hash and the hourly <c>activity</c> hash of
/// each endpoint (see <see cref="QueueScripts"/>), summed per tenant together with the counters of deleted endpoints.
/// </summary>
public sealed class StatsStore(RedisStore store, DeliveryQueue queue, TimeProvider time, IOptions<DeliveryOptions> options)
{
    private RedisKeys Keys => store.Keys;

    /// <summary>Queue state and all-time counters of the tenant: its endpoints' plus those of endpoints it deleted.</summary>
    public async Task<EndpointCounts> TenantCountsAsync(string tenantId, IReadOnlyList<string> endpointIds)
    {
        var retired = store.Database.HashGetAllAsync(Keys.RetiredStats(tenantId));
        var counts = await Task.WhenAll(endpointIds.Select(queue.CountsAsync)).ConfigureAwait(false);
        var total = new ActivityTotals();
        foreach (var entry in await retired.ConfigureAwait(false))
        {
            total.Add((string)entry.Name!, (long)entry.Value);
        }

        return new EndpointCounts(
            counts.Sum(c => c.Ready), counts.Sum(c => c.Scheduled), counts.Sum(c => c.InFlight), counts.Sum(c => c.DeadLetters),
            counts.Sum(c => c.Sent) + total.Sent, counts.Sum(c => c.FailedAttempts) + total.FailedAttempts,
            counts.Sum(c => c.DeadLettered) + total.DeadLettered, counts.Sum(c => c.Filtered) + total.Filtered);
    }

    /// <summary>The hourly counts (by Unix hour) of some endpoints, summed, plus the tenant's deleted endpoints when <paramref name="tenantId"/> is given.</summary>
    public async Task<IReadOnlyDictionary<long, ActivityTotals>> HourlyAsync(IReadOnlyList<string> endpointIds, string? tenantId = null)
    {
        var db = store.Database;
        var reads = endpointIds.Select(id => db.HashGetAllAsync(Keys.Activity(id))).ToList();
        if (tenantId is not null)
        {
            reads.Add(db.HashGetAllAsync(Keys.RetiredActivity(tenantId)));
        }

        var hours = new Dictionary<long, ActivityTotals>();
        foreach (var fields in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            foreach (var field in fields)
            {
                var name = (string)field.Name!;
                var colon = name.IndexOf(':');
                if (colon > 0 && long.TryParse(name.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
                {
                    if (!hours.TryGetValue(hour, out var totals))
                    {
                        hours[hour] = totals = new ActivityTotals();
                    }

                    totals.Add(name[(colon + 1)..], (long)field.Value);
                }
            }
        }

        return hours;
    }

    /// <summary>The zero-filled series of a range, one bucket per hour or UTC day.</summary>
    public static IReadOnlyList<ActivityBucket> Series(IReadOnlyDictionary<long, ActivityTotals> hourly, StatsRange range)
    {
        var buckets = new ActivityBucket[range.BucketCount];
        var hoursPerBucket = (long)range.Step.TotalHours;
        for (var i = 0; i < buckets.Length; i++)
        {
            var totals = new ActivityTotals();
            var first = range.FromHour + (i * hoursPerBucket);
            for (var hour = first; hour < first + hoursPerBucket; hour++)
            {
                if (hourly.TryGetValue(hour, out var counts))
                {
                    totals.Add(counts);
                }
            }

            buckets[i] = new ActivityBucket(range.From + (range.Step * i), totals.Sent, totals.FailedAttempts, totals.DeadLettered, totals.Filtered);
        }

        return buckets;
    }

    /// <summary>The sum over a range.</summary>
    public static ActivityTotals Total(IReadOnlyDictionary<long, ActivityTotals> hourly, StatsRange range)
    {
        var total = new ActivityTotals();
        foreach (var (hour, counts) in hourly)
        {
            if (hour >= range.FromHour && hour < range.ToHour)
            {
                total.Add(counts);
            }
        }

        return total;
    }

    /// <summary>Folds a deleted endpoint's counters into its tenant's, so the tenant's all-time stats survive the deletion.</summary>
    public async Task RetireAsync(WebhookEndpoint endpoint)
    {
        var db = store.Database;
        var stats = await db.HashGetAllAsync(Keys.Stats(endpoint.Id)).ConfigureAwait(false);
        var activity = await db.HashGetAllAsync(Keys.Activity(endpoint.Id)).ConfigureAwait(false);
        if (stats.Length == 0 && activity.Length == 0)
        {
            return;
        }

        await QueueScripts.Retire.EvaluateAsync(db, new
        {
            retiredStats = (RedisKey)Keys.RetiredStats(endpoint.TenantId), retiredActivity = (RedisKey)Keys.RetiredActivity(endpoint.TenantId),
            now = time.GetUtcNow().ToUnixTimeMilliseconds(), retentionMs = (long)options.Value.LogRetention.TotalMilliseconds,
            counters = Lines(stats), activityCounts = Lines(activity),
        }).ConfigureAwait(false);
    }

    private static string Lines(HashEntry[] entries) => string.Join('\n', entries.Select(e => $"{e.Name}={e.Value}"));
}
