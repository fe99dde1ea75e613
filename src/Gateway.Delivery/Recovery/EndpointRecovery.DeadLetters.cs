using System.Text.Json;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Storage;
using StackExchange.Redis;

namespace Gateway.Delivery.Recovery;

/// <summary>The dead letters of a recovery's window.</summary>
public sealed partial class EndpointRecovery
{
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
}
