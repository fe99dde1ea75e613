using System.Text;
using System.Text.Json;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Operations;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Storage;
using Gateway.Delivery.Tracing;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace Gateway.Delivery.Dispatch;

/// <summary>Delivers one leased message and settles it: acknowledged, scheduled for retry, or dead-lettered.</summary>
public sealed partial class DeliveryProcessor(
    DeliveryQueue queue,
    EventLifetime lifetime,
    AckBatcher acks,
    EventBodyCache bodies,
    DestinationSenders senders,
    IPayloadShaper payloads,
    EndpointSecrets secrets,
    RetryPolicy retries,
    EndpointBreakers breakers,
    IEndpointDirectory endpoints,
    IOperationalNotices notices,
    GatewayMetrics metrics,
    TimeProvider time,
    IOptions<DeliveryOptions> options,
    ILogger<DeliveryProcessor> logger)
{
    /// <summary>
    /// Delivers <paramref name="leased"/> and settles it. After a success, when <paramref name="claimNextCap"/> is positive,
    /// the endpoint's next ready message is leased in the same round trip and returned to be delivered next.
    /// </summary>
    public async Task<ProcessOutcome> ProcessAsync(WebhookEndpoint endpoint, LeasedMessage leased, int claimNextCap, CancellationToken cancellationToken)
    {
        var message = leased.Message;
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        ReadOnlyMemory<byte> stored;
        string? traceParent;
        if (bodies.TryGet(message.EventId, out var cached, out traceParent))
        {
            stored = cached;
        }
        else if (await queue.LoadEventAsync(message.Shard, message.EventId).ConfigureAwait(false) is { } loaded)
        {
            stored = Encoding.UTF8.GetBytes(loaded.Body);
            traceParent = loaded.TraceParent;
        }
        else
        {
            // The body outlived its retention (Gateway:EventRetention) before delivery; keep the trace as a dead letter.
            await DeadLetterAsync(endpoint, leased, nowMs, message, null, "the event body expired before delivery", "", ReadOnlyMemory<byte>.Empty, null).ConfigureAwait(false);
            return ProcessOutcome.Done;
        }

        if (!secrets.TryOpen(endpoint, out var opened, out var unavailable))
        {
            // A missing or wrong operator key: nothing is sent unsigned and nothing is dropped; the message waits,
            // without spending an attempt, and /readyz says why.
            var wait = nowMs + (long)options.Value.SecretUnavailableDelay.TotalMilliseconds;
            LogSecretUnavailable(logger, endpoint.Id, unavailable!);
            await queue.SettleAsync(endpoint, SettleMode.Release, leased, nowMs, "", message, wait).ConfigureAwait(false);
            return new ProcessOutcome(wait, null);
        }

        var body = payloads.Shape(endpoint, stored);
        var breaker = breakers.For(endpoint.Id, endpoint.TenantId);
        var outbound = new OutboundMessage(endpoint, opened!, leased.MessageId, message.EventType, body, message.Skipped);
        AttemptResult result;
        using var attempt = GatewayTracing.StartAttempt(traceParent, endpoint, message.EventId, leased.MessageId, message.Attempts + 1);
        try
        {
            result = await breaker.Pipeline.ExecuteAsync(
                static async (state, token) => await state.sender.SendAsync(state.outbound, token).ConfigureAwait(false),
                (sender: senders.For(endpoint.Kind), outbound),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            attempt?.SetTag("webhook.outcome", "circuit_open");
            // The circuit opened meanwhile: put the message back without spending an attempt.
            var due = Math.Max(nowMs + 1000, breaker.BlockedUntil.ToUnixTimeMilliseconds());
            await queue.SettleAsync(endpoint, SettleMode.Release, leased, nowMs, "", message, due).ConfigureAwait(false);
            await NoticeIfFailingLongAsync(endpoint, breaker, null).ConfigureAwait(false);
            return new ProcessOutcome(due, null);
        }

        GatewayTracing.Completed(attempt, result);
        nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var attempts = message.Attempts + 1;
        var firstAttemptMs = message.FirstAttemptMs > 0 ? message.FirstAttemptMs : nowMs;
        var attemptJson = JsonSerializer.Serialize(
            new AttemptRecord(DateTimeOffset.FromUnixTimeMilliseconds(nowMs), leased.MessageId, message.EventId, message.EventType, attempts,
                result.OutcomeLabel, result.StatusCode, Math.Round(result.Duration.TotalMilliseconds, 2), result.Error, result.ResponseExcerpt),
            GatewayJson.Options);
        var indexed = OrderIndex.EntryFor(stored.Span, leased.MessageId, attempts);
        metrics.AttemptCompleted(endpoint.TenantId, endpoint.Id, result.OutcomeLabel, result.Duration);
        metrics.AttemptByKind(endpoint.Kind, result.OutcomeLabel);
        var updated = message with { Attempts = attempts, FirstAttemptMs = firstAttemptMs };
        if (!result.IsSuccess)
        {
            await NoticeIfFailingLongAsync(endpoint, breaker, result).ConfigureAwait(false);
        }

        if (result.IsSuccess)
        {
            var settled = acks.IsActive
                ? await acks.AckAsync(endpoint, leased, nowMs, attemptJson, claimNextCap, indexed).ConfigureAwait(false)
                : await queue.SettleAsync(endpoint, SettleMode.Ack, leased, nowMs, attemptJson, claimNextCap: claimNextCap, indexed: indexed).ConfigureAwait(false);
            if (settled.Owned && !settled.EventSettled)
            {
                lifetime.TargetSettled(message.Shard, message.EventId, endpoint.Id);
            }
            else if (!settled.Owned)
            {
                LogLeaseLost(logger, leased.MessageId, endpoint.Id);
            }

            metrics.Delivered(endpoint.TenantId, endpoint.Id, TimeSpan.FromMilliseconds(Math.Max(0, nowMs - message.IngestedMs)));
            return new ProcessOutcome(0, settled.Next);
        }

        if (result.StatusCode == 410 && endpoint.Kind == DestinationKind.Http)
        {
            await DisableAsync(endpoint, "gone", $"the endpoint answered 410 Gone at {DateTimeOffset.FromUnixTimeMilliseconds(nowMs):O}").ConfigureAwait(false);
            await DeadLetterAsync(endpoint, leased, nowMs, updated, result.StatusCode, "410 Gone: the endpoint was disabled", attemptJson, body, traceParent, indexed).ConfigureAwait(false);
            return ProcessOutcome.Done;
        }

        if (result.IsPermanent)
        {
            // The SMTP relay refused it for good, or this event cannot make a message: a retry would only repeat it.
            await DeadLetterAsync(endpoint, leased, nowMs, updated, result.StatusCode, result.Error, attemptJson, body, traceParent).ConfigureAwait(false);
            return ProcessOutcome.Done;
        }

        if (retries.NextDelay(attempts, result.RetryAfter) is not { } delay)
        {
            await DeadLetterAsync(endpoint, leased, nowMs, updated, result.StatusCode, result.Error, attemptJson, body, traceParent, indexed).ConfigureAwait(false);
            return ProcessOutcome.Done;
        }

        var dueMs = nowMs + (long)delay.TotalMilliseconds;
        var retried = await queue.SettleAsync(endpoint, SettleMode.Retry, leased, nowMs, attemptJson, updated, dueMs, indexed: indexed).ConfigureAwait(false);
        await DisableIfFailingTooLongAsync(endpoint, retried.FailingSinceMs, nowMs).ConfigureAwait(false);
        return new ProcessOutcome(dueMs, null);
    }

    /// <summary>Moves a message whose queue record cannot be read to the dead letters, with the record as its error,
    /// so the rest of the endpoint's queue goes on.</summary>
    public async Task QuarantineAsync(WebhookEndpoint endpoint, MalformedMessage malformed)
    {
        var now = time.GetUtcNow();
        var record = new DeadLetter(
            malformed.MessageId, endpoint.Id, EventId: "", EventType: "", Attempts: 0, LastStatus: null,
            $"unreadable queue record ({malformed.Error}): {malformed.Record[..Math.Min(malformed.Record.Length, 200)]}",
            now, now, now, IngestedMs: 0, Shard: 0, Body: "");
        var leased = new LeasedMessage(malformed.MessageId, new QueuedMessage(0, "", "", 0, 0, 0), malformed.LeaseToken);
        var settled = await queue.SettleAsync(endpoint, SettleMode.DeadLetter, leased, now.ToUnixTimeMilliseconds(), "",
            deadRecord: JsonSerializer.Serialize(record, GatewayJson.Options)).ConfigureAwait(false);
        if (settled.Owned)
        {
            metrics.DeadLettered(endpoint.TenantId, endpoint.Id);
        }
    }

    /// <summary>Puts a leased message back untouched (shutdown, or its endpoint was disabled mid-flight).</summary>
    public Task ReleaseAsync(WebhookEndpoint endpoint, LeasedMessage leased, long dueMs) =>
        queue.SettleAsync(endpoint, SettleMode.Release, leased, time.GetUtcNow().ToUnixTimeMilliseconds(), "", leased.Message, dueMs);

    private async Task DeadLetterAsync(WebhookEndpoint endpoint, LeasedMessage leased, long nowMs, QueuedMessage message, int? status, string? error, string attemptJson, ReadOnlyMemory<byte> body, string? traceParent, OrderIndexEntry? indexed = null)
    {
        var firstAttempt = message.FirstAttemptMs > 0 ? message.FirstAttemptMs : nowMs;
        var record = new DeadLetter(
            leased.MessageId, endpoint.Id, message.EventId, message.EventType, message.Attempts, status, error,
            DateTimeOffset.FromUnixTimeMilliseconds(firstAttempt), DateTimeOffset.FromUnixTimeMilliseconds(nowMs), DateTimeOffset.FromUnixTimeMilliseconds(nowMs),
            message.IngestedMs, message.Shard, Encoding.UTF8.GetString(body.Span), message.IsOrdered ? message.Group : null,
            traceParent);
        var settled = await queue.SettleAsync(endpoint, SettleMode.DeadLetter, leased, nowMs, attemptJson, deadRecord: JsonSerializer.Serialize(record, GatewayJson.Options), indexed: indexed).ConfigureAwait(false);
        if (settled.Owned)
        {
            lifetime.TargetSettled(message.Shard, message.EventId, endpoint.Id); // the dead letter holds the body now
            metrics.DeadLettered(endpoint.TenantId, endpoint.Id);
            LogDeadLettered(logger, leased.MessageId, endpoint.Id, endpoint.TenantId, message.Attempts);
            if (!OperationalEventTypes.IsOperational(message.EventType))
            {
                // Never for an operational message itself: a failing notice endpoint must not notify about its own notices.
                await notices.MessageExhaustedAsync(endpoint, record).ConfigureAwait(false);
            }

            await DisableIfFailingTooLongAsync(endpoint, settled.FailingSinceMs, nowMs).ConfigureAwait(false);
        }
    }

    private async Task DisableIfFailingTooLongAsync(WebhookEndpoint endpoint, long failingSinceMs, long nowMs)
    {
        if (failingSinceMs > 0 && nowMs - failingSinceMs > (long)options.Value.DisableAfter.TotalMilliseconds)
        {
            await DisableAsync(endpoint, "failing", $"every attempt has failed since {DateTimeOffset.FromUnixTimeMilliseconds(failingSinceMs):O}, longer than {options.Value.DisableAfter}").ConfigureAwait(false);
        }
    }

    private async Task DisableAsync(WebhookEndpoint endpoint, string reasonCode, string reason)
    {
        if (!await endpoints.DisableAsync(endpoint.Id, reason).ConfigureAwait(false))
        {
            return;
        }

        metrics.EndpointDisabled(endpoint.TenantId, reasonCode);
        LogDisabled(logger, endpoint.Id, endpoint.TenantId, reason);
        await notices.EndpointDisabledAsync(endpoint, reasonCode, reason, time.GetUtcNow()).ConfigureAwait(false);
    }

    /// <summary>
    /// Tells the tenant once its endpoint's circuit has stayed open longer than <c>Delivery:FailingNoticeAfter</c>:
    /// at most once per endpoint per <c>Delivery:FailingNoticeInterval</c> window (the window is in the notice's
    /// idempotency key, so several processes seeing the same outage send one).
    /// </summary>
    private async Task NoticeIfFailingLongAsync(WebhookEndpoint endpoint, EndpointBreakers.Breaker breaker, AttemptResult? last)
    {
        var now = time.GetUtcNow();
        var delivery = options.Value;
        if (breaker.OpenSince is not { } since || now - since < delivery.FailingNoticeAfter)
        {
            return;
        }

        var window = now.ToUnixTimeMilliseconds() / Math.Max(1, (long)delivery.FailingNoticeInterval.TotalMilliseconds);
        if (breaker.FailingNoticeWindow == window)
        {
            return;
        }

        breaker.FailingNoticeWindow = window;
        await notices.EndpointFailingAsync(endpoint, since, last?.StatusCode, last?.Error, window, now).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Deliveries to endpoint {EndpointId} wait: {Reason}")]
    private static partial void LogSecretUnavailable(ILogger logger, string endpointId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} was delivered to {EndpointId} after its lease expired; another worker may deliver it again")]
    private static partial void LogLeaseLost(ILogger logger, string messageId, string endpointId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} to endpoint {EndpointId} of tenant {TenantId} dead-lettered after {Attempts} attempts")]
    private static partial void LogDeadLettered(ILogger logger, string messageId, string endpointId, string tenantId, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {EndpointId} of tenant {TenantId} disabled: {Reason}")]
    private static partial void LogDisabled(ILogger logger, string endpointId, string tenantId, string reason);
}
