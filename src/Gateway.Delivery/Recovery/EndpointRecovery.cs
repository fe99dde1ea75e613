using System.Globalization;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Recovery;

/// <summary>
/// "Resend everything that failed since…": queues again every message of one endpoint accepted in a window whose last
/// outcome was a failure (a dead letter, or a failed message waiting for its retry), with the same <c>webhook-id</c> and
/// a fresh attempt budget. It runs in the background (<see cref="RecoveryRunner"/>) in batches of <see cref="Batch"/>,
/// one endpoint slot per call, so a window of 100,000 messages never holds the API or Redis. One recovery runs per
/// endpoint and window: asking again while it runs answers the running one.
/// </summary>
public sealed partial class EndpointRecovery(RedisStore store, DeliveryQueue queue, DeadLetterService deadLetters, EventLifetime lifetime,
    IOptions<DeliveryOptions> options, TimeProvider time)
{
    /// <summary>Messages read per Redis call.</summary>
    public const int Batch = 200;

    /// <summary>Most ids of messages that could not be recovered listed in the progress (all are counted).</summary>
    public const int MaxListed = 100;

    /// <summary>How long a running recovery's marker lives without a batch renewing it: a process that died mid-recovery
    /// lets a new call for the same window start again after this.</summary>
    public static readonly TimeSpan MarkerLifetime = TimeSpan.FromSeconds(60);

    private RedisKeys Keys => store.Keys;

    private IDatabase Db => store.Database;

    /// <summary>Starts a recovery of <paramref name="window"/>, or finds the one running for it. Returns its progress and
    /// whether this call started it (then the caller hands <see cref="RecoveryJob"/> to the runner).</summary>
    public async Task<(RecoveryProgress Progress, bool Started)> StartAsync(string endpointId, RecoveryWindow window)
    {
        var marker = Keys.Recovering(endpointId, window.Key);
        var id = Ids.New("rcv");
        if (!await Db.StringSetAsync(marker, id, MarkerLifetime, When.NotExists).ConfigureAwait(false)
            && await Db.StringGetAsync(marker).ConfigureAwait(false) is { IsNull: false } running
            && await GetAsync(endpointId, running!).ConfigureAwait(false) is { Done: false } progress)
        {
            return (progress, false);
        }

        await Db.StringSetAsync(marker, id, MarkerLifetime).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var record = Keys.Recovery(endpointId, id);
        await Db.HashSetAsync(record,
        [
            new("since", window.SinceMs), new("until", window.IsOpen ? "" : window.UntilMs.ToString(CultureInfo.InvariantCulture)),
            new("startedAt", now.ToUnixTimeMilliseconds()), new("done", 0), new("found", 0), new("queued", 0), new("notRecoverable", 0), new("ids", ""),
        ]).ConfigureAwait(false);
        await Db.KeyExpireAsync(record, options.Value.LogRetention).ConfigureAwait(false);
        return ((await GetAsync(endpointId, id).ConfigureAwait(false))!, true);
    }

    /// <summary>A recovery's progress; null when there is none with that id at the endpoint (or it expired).</summary>
    public async Task<RecoveryProgress?> GetAsync(string endpointId, string recoveryId)
    {
        if (recoveryId.Length > 64)
        {
            return null;
        }

        var fields = await Db.HashGetAllAsync(Keys.Recovery(endpointId, recoveryId)).ConfigureAwait(false);
        if (fields.Length == 0)
        {
            return null;
        }

        var f = fields.ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        long Long(string name) => long.Parse(f[name], CultureInfo.InvariantCulture);
        DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return new RecoveryProgress(
            recoveryId, endpointId, At(Long("since")), f["until"].Length == 0 ? null : At(Long("until")), f["done"] == "1",
            Long("found"), Long("queued"), Long("notRecoverable"), f["ids"].Length == 0 ? [] : f["ids"].Split(','),
            At(Long("startedAt")), f.TryGetValue("finishedAt", out var finished) ? At(long.Parse(finished, CultureInfo.InvariantCulture)) : null);
    }

    /// <summary>Runs a recovery to its end: the dead letters of the window oldest first (an ordered group's go to its
    /// tail in their order, as a replay does), then the failed messages waiting for a retry. Returns its final progress.</summary>
    public async Task<RecoveryProgress> RunAsync(RecoveryJob job, CancellationToken cancellationToken)
    {
        var tally = new Tally();
        var startedMs = (await GetAsync(job.EndpointId, job.RecoveryId).ConfigureAwait(false))?.StartedAt.ToUnixTimeMilliseconds()
            ?? time.GetUtcNow().ToUnixTimeMilliseconds();
        await RecoverDeadLettersAsync(job, startedMs, tally, cancellationToken).ConfigureAwait(false);
        await RecoverRetryingAsync(job, tally, cancellationToken).ConfigureAwait(false);

        var record = Keys.Recovery(job.EndpointId, job.RecoveryId);
        await Db.HashSetAsync(record, [new("done", 1), new("finishedAt", time.GetUtcNow().ToUnixTimeMilliseconds())]).ConfigureAwait(false);
        var marker = Keys.Recovering(job.EndpointId, job.Window.Key);
        if (await Db.StringGetAsync(marker).ConfigureAwait(false) == job.RecoveryId)
        {
            await Db.KeyDeleteAsync(marker).ConfigureAwait(false);
        }

        return (await GetAsync(job.EndpointId, job.RecoveryId).ConfigureAwait(false))!;
    }

    // One batch's counts onto the record, and the running marker renewed.
    private async Task SaveAsync(RecoveryJob job, Tally before, Tally now)
    {
        var record = Keys.Recovery(job.EndpointId, job.RecoveryId);
        var batch = Db.CreateBatch();
        var writes = new List<Task>
        {
            batch.HashIncrementAsync(record, "found", now.Found - before.Found),
            batch.HashIncrementAsync(record, "queued", now.Queued - before.Queued),
            batch.HashIncrementAsync(record, "notRecoverable", now.NotRecoverable - before.NotRecoverable),
            batch.HashSetAsync(record, "ids", string.Join(',', now.Listed)),
            batch.KeyExpireAsync(Keys.Recovering(job.EndpointId, job.Window.Key), MarkerLifetime),
        };
        batch.Execute();
        await Task.WhenAll(writes).ConfigureAwait(false);
    }
}
