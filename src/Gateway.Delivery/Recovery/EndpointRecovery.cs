using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
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
public sealed class EndpointRecovery(RedisStore store, DeliveryQueue queue, DeadLetterService deadLetters, EventLifetime lifetime,
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

    // Dead letters by when they died, a batch at a time up to the recovery's start. Those queued again leave the set;
    // those that cannot be (no body) stay, so each batch reads on from the last score, past the ids seen at that score.
    private async Task RecoverDeadLettersAsync(RecoveryJob job, long startedMs, Tally tally, CancellationToken cancellationToken)
    {
        var lastScore = double.NegativeInfinity;
        var seenAtLast = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var entries = await Db.SortedSetRangeByScoreWithScoresAsync(
                Keys.DeadLetters(job.EndpointId), lastScore, startedMs, Exclude.None, Order.Ascending, 0, Batch + seenAtLast.Count).ConfigureAwait(false);
            var fresh = entries.Where(e => !seenAtLast.Contains((string)e.Element!)).Take(Batch).ToArray();
            if (fresh.Length == 0)
            {
                return;
            }

            var records = await Db.HashGetAsync(Keys.DeadLetterRecords(job.EndpointId), [.. fresh.Select(e => e.Element)]).ConfigureAwait(false);
            var before = tally.Copy();
            foreach (var json in records.Where(r => !r.IsNullOrEmpty))
            {
                var letter = JsonSerializer.Deserialize<DeadLetter>((string)json!, GatewayJson.Options)!;
                if (!job.Window.Contains(letter.IngestedMs))
                {
                    continue;
                }

                tally.Found++;
                switch (await deadLetters.TryReplayAsync(job.TenantId, letter).ConfigureAwait(false))
                {
                    case ReplayOutcome.Queued:
                        tally.Queued++;
                        break;
                    case ReplayOutcome.NoBody:
                        tally.Lost(letter.Id);
                        break;
                }
            }

            var last = fresh[^1].Score;
            if (last != lastScore)
            {
                seenAtLast.Clear();
            }

            lastScore = last;
            seenAtLast.UnionWith(fresh.Where(e => e.Score == last).Select(e => (string)e.Element!));
            await SaveAsync(job, before, tally).ConfigureAwait(false);
        }
    }

    // Failed messages waiting for their retry: the scheduled set also holds delayed first sends (no attempt yet), which
    // are not failures and stay. A message whose body is gone cannot be delivered and is listed, never dropped.
    private async Task RecoverRetryingAsync(RecoveryJob job, Tally tally, CancellationToken cancellationToken)
    {
        var ids = new List<RedisValue>(Batch);
        await foreach (var entry in Db.SortedSetScanAsync(Keys.Scheduled(job.EndpointId), pageSize: Batch).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(entry.Element);
            if (ids.Count == Batch)
            {
                await RequeueBatchAsync(job, ids, tally).ConfigureAwait(false);
                ids.Clear();
            }
        }

        if (ids.Count > 0)
        {
            await RequeueBatchAsync(job, ids, tally).ConfigureAwait(false);
        }
    }

    // One batch of the scheduled set: the failed messages of the window whose body is still there go back in one
    // script call in the endpoint's slot; the body checks (each in its event's slot) go pipelined.
    private async Task RequeueBatchAsync(RecoveryJob job, List<RedisValue> ids, Tally tally)
    {
        var endpointId = job.EndpointId;
        var metas = await Db.HashGetAsync(Keys.Messages(endpointId), [.. ids]).ConfigureAwait(false);
        var before = tally.Copy();
        var failed = new List<(string Id, string Record, QueuedMessage Message)>();
        for (var i = 0; i < ids.Count; i++)
        {
            if (!metas[i].IsNullOrEmpty && TryParse((string)metas[i]!, out var message) && message.Attempts > 0 && job.Window.Contains(message.IngestedMs))
            {
                failed.Add(((string)ids[i]!, (string)metas[i]!, message));
            }
        }

        tally.Found += failed.Count;
        var bodies = await Task.WhenAll(failed.Select(f => lifetime.HasBodyAsync(f.Message.Shard, f.Message.EventId))).ConfigureAwait(false);
        var items = new ArrayBufferWriter<byte>();
        for (var i = 0; i < failed.Count; i++)
        {
            if (!bodies[i])
            {
                tally.Lost(failed[i].Id);
                continue;
            }

            Write(items, failed[i].Id);
            Write(items, failed[i].Record);
            Write(items, (failed[i].Message with { Attempts = 0, FirstAttemptMs = 0 }).Format());
        }

        if (items.WrittenCount > 0)
        {
            var queued = (long)await RecoveryScripts.RequeueFailed.EvaluateAsync(Db, new
            {
                messages = (RedisKey)Keys.Messages(endpointId), scheduled = (RedisKey)Keys.Scheduled(endpointId), ready = (RedisKey)Keys.Ready(endpointId),
                items = items.WrittenSpan.ToArray(),
            }).ConfigureAwait(false);
            tally.Queued += queued;
            if (queued > 0)
            {
                await queue.ActivateAsync(endpointId, 0).ConfigureAwait(false);
                queue.Wake(endpointId);
            }
        }

        await SaveAsync(job, before, tally).ConfigureAwait(false);
    }

    // "<byte length>:<bytes>", as the script reads each field.
    private static void Write(ArrayBufferWriter<byte> buffer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + ":", buffer);
        buffer.Write(bytes);
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

    private static bool TryParse(string record, out QueuedMessage message)
    {
        try
        {
            message = QueuedMessage.Parse(record);
            return true;
        }
        catch (FormatException)
        {
            message = null!;
            return false;
        }
    }

    private sealed class Tally
    {
        public long Found { get; set; }

        public long Queued { get; set; }

        public long NotRecoverable { get; private set; }

        public List<string> Listed { get; private init; } = [];

        public void Lost(string messageId)
        {
            NotRecoverable++;
            if (Listed.Count < MaxListed)
            {
                Listed.Add(messageId);
            }
        }

        public Tally Copy() => new() { Found = Found, Queued = Queued, NotRecoverable = NotRecoverable, Listed = [.. Listed] };
    }
}
