using System.Buffers;
using System.Globalization;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Gateway.Delivery.Queue;

/// <summary>
/// Settles delivered messages in batches where one server holds every key (not a cluster): one
/// <see cref="QueueScripts.SettleAcks"/> call acknowledges every delivery that finished while the previous call was
/// under way, of any endpoint, and marks each target settled in its event's record as <see cref="EventLifetime"/> does.
/// Nothing waits for a batch to fill: an acknowledgement with no call under way goes at once. Only acknowledgements
/// are batched; a retry, a dead letter or a release settles on its own (<see cref="DeliveryQueue.SettleAsync"/>).
/// </summary>
public sealed class AckBatcher(RedisStore store, IOptions<DeliveryOptions> delivery, IOptions<EngineOptions> engine)
{
    private const int MaxBatch = 64;
    private readonly Lock _gate = new();
    private List<Ack> _waiting = [];
    private bool _sending;

    /// <summary>Whether acknowledgements go through this batcher: one server holds every key.</summary>
    public bool IsActive => store.IsSingleServer;

    /// <summary>Acknowledges <paramref name="leased"/> at <paramref name="endpoint"/>, as
    /// <see cref="DeliveryQueue.SettleAsync"/> does with <see cref="SettleMode.Ack"/>, in the next batch.</summary>
    public Task<SettleResult> AckAsync(WebhookEndpoint endpoint, LeasedMessage leased, long nowMs, string attemptJson, int claimNextCap, OrderIndexEntry? indexed = null)
    {
        var ack = new Ack(endpoint, leased, nowMs, attemptJson, claimNextCap, indexed);
        List<Ack> batch;
        lock (_gate)
        {
            _waiting.Add(ack);
            if (_sending)
            {
                return ack.Result.Task;
            }

            _sending = true;
            batch = _waiting;
            _waiting = [];
        }

        _ = SendAsync(batch);
        return ack.Result.Task;
    }

    private async Task SendAsync(List<Ack> batch)
    {
        while (true)
        {
            for (var start = 0; start < batch.Count; start += MaxBatch)
            {
                await SendOneAsync(batch.GetRange(start, Math.Min(MaxBatch, batch.Count - start))).ConfigureAwait(false);
            }

            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _sending = false;
                    return;
                }

                batch = _waiting;
                _waiting = [];
            }
        }
    }

    private async Task SendOneAsync(List<Ack> batch)
    {
        RedisResult[] raw;
        try
        {
            var options = delivery.Value;
            raw = (RedisResult[])(await QueueScripts.SettleAcks.EvaluateAsync(store.Database, new
            {
                items = Encode(batch), prefix = store.Keys.Prefix,
                retentionMs = (long)options.LogRetention.TotalMilliseconds, logMax = options.AttemptLogSize,
                markerWindowMs = (long)options.CompletionMarkerWindow.TotalMilliseconds, leaseMs = (long)options.LeaseDuration.TotalMilliseconds,
                payloadRetentionMs = (long)engine.Value.PayloadRetention.TotalMilliseconds,
            }).ConfigureAwait(false))!;
        }
        catch (Exception ex)
        {
            foreach (var ack in batch)
            {
                ack.Result.TrySetException(ex);
            }

            return;
        }

        for (var i = 0; i < batch.Count; i++)
        {
            var ack = batch[i];
            try
            {
                // The lease token is the claim's own expiry: the batch claims once per endpoint, at its latest time.
                var nextId = (string?)raw[(4 * i) + 1];
                var next = string.IsNullOrEmpty(nextId)
                    ? null
                    : new LeasedMessage(nextId, QueuedMessage.Parse((string)raw[(4 * i) + 2]!), (long)raw[(4 * i) + 3]);
                ack.Result.TrySetResult(new SettleResult((long)raw[4 * i] == 1, 0, next, EventSettled: true));
            }
            catch (Exception ex)
            {
                ack.Result.TrySetException(ex);
            }
        }
    }

    // Twelve length-prefixed fields per acknowledgement, in the order settle-acks.lua reads them.
    private byte[] Encode(List<Ack> batch)
    {
        var buffer = new ArrayBufferWriter<byte>(batch.Count * 512);
        foreach (var ack in batch)
        {
            var message = ack.Leased.Message;
            ScriptItems.Write(buffer, ack.Endpoint.Id);
            ScriptItems.Write(buffer, ack.Leased.MessageId);
            ScriptItems.Write(buffer, ack.Leased.LeaseToken.ToString(CultureInfo.InvariantCulture));
            ScriptItems.Write(buffer, ack.NowMs.ToString(CultureInfo.InvariantCulture));
            ScriptItems.Write(buffer, ack.AttemptJson);
            ScriptItems.Write(buffer, message.Group);
            ScriptItems.Write(buffer, (ack.Endpoint.DelaySeconds * 1000L).ToString(CultureInfo.InvariantCulture));
            ScriptItems.Write(buffer, ack.ClaimNextCap.ToString(CultureInfo.InvariantCulture));
            ScriptItems.Write(buffer, store.Keys.Event(message.Shard, message.EventId));
            ScriptItems.Write(buffer, (ack.Endpoint.RateLimit ?? 0).ToString(CultureInfo.InvariantCulture));
            ScriptItems.Write(buffer, ack.Indexed?.Key ?? "");
            ScriptItems.Write(buffer, ack.AttemptJson.Length > 0 ? ack.Indexed?.Member ?? "" : "");
        }

        return buffer.WrittenSpan.ToArray();
    }

    private sealed record Ack(WebhookEndpoint Endpoint, LeasedMessage Leased, long NowMs, string AttemptJson, int ClaimNextCap, OrderIndexEntry? Indexed)
    {
        // Completed synchronously by the sending loop: the waiting delivery goes on without a hop to another thread.
        public TaskCompletionSource<SettleResult> Result { get; } = new();
    }
}
