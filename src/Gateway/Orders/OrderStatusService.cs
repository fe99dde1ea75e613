using Gateway.Ingestion;

namespace Gateway.Orders;

/// <summary>
/// Moves an order through its tenant's workflow: the store checks and applies the change atomically, then the
/// <c>order.statusChanged</c> event goes through ingestion like any other (schema check, filters, fan-out, delivery).
/// </summary>
public sealed partial class OrderStatusService(OrderStore orders, EventIngestor ingestor, TimeProvider time, ILogger<OrderStatusService> logger)
{
    /// <summary>Applies <paramref name="request"/>, whose status must be one of <paramref name="workflow"/>'s statuses.</summary>
    /// <param name="forced">An override: no transition check, recorded as forced. The caller must be an admin.</param>
    public async Task<StatusUpdate> ChangeAsync(OrderCaller caller, string orderId, OrderWorkflow workflow, StatusRequest request, string? ifMatch, bool forced)
    {
        var (open, adminOnly) = workflow.SourcesOf(request.Status);
        var now = time.GetUtcNow();
        var change = new StatusChange(
            request.Status,
            ifMatch,
            workflow.Initial,
            forced,
            caller.IsAdmin ? [.. open, .. adminOnly] : open,
            caller.IsAdmin ? [] : adminOnly,
            new HistoryEntry(request.Status, request.Message, caller.Actor, now, request.Notify, forced),
            request.CustomerJson,
            request.ItemsJson,
            RequireDetails: request.Notify);

        var result = await orders.ChangeAsync(caller.TenantId, orderId, change).ConfigureAwait(false);
        if (result.Outcome != StatusChangeOutcome.Applied || !request.Notify)
        {
            return new StatusUpdate(result);
        }

        var body = OrderStatusEvent.Build(orderId, request.Status, result.From, request.Message, result.CustomerJson!, result.ItemsJson!, now);
        var ingested = await SendInOrderAsync(caller.TenantId, orderId, result.Version, body).ConfigureAwait(false);
        return ingested switch
        {
            null => new StatusUpdate(result), // sent (or to be sent) by the process that is sending this order's earlier versions
            { IsAccepted: true } => new StatusUpdate(result, ingested.EventId),
            _ => new StatusUpdate(result, RefusedEvent: ingested),
        };
    }

    /// <summary>
    /// Sends the event of a change left in the outbox by a process that died before handing it to ingestion, after any
    /// earlier version of the order still unsent. The idempotency key is the order and version, so an event that did
    /// reach ingestion is not sent twice.
    /// </summary>
    public async Task ResendAsync(string tenantId, string orderId, long version) =>
        await SendInOrderAsync(tenantId, orderId, version, body: null).ConfigureAwait(false);

    /// <summary>
    /// Hands the order's unsent status events to ingestion in version order, each only once the one before it is queued
    /// at every endpoint, so an ordered endpoint receives them in version order even when an earlier one was left to the
    /// outbox sweep. One process sends an order's events at a time (a lock per order); one that finds the lock taken
    /// leaves its event to the holder, which looks at the outbox again after letting go.
    /// Returns the result of <paramref name="version"/> when this call sent it, else null.
    /// </summary>
    /// <param name="body">The event of <paramref name="version"/> when the caller has it; null rebuilds it from the history.</param>
    private async Task<Ingestion.IngestResult?> SendInOrderAsync(string tenantId, string orderId, long version, byte[]? body)
    {
        Ingestion.IngestResult? own = null;
        while (await orders.TryLockSendingAsync(tenantId, orderId) is { } token)
        {
            try
            {
                foreach (var unsent in await orders.UnsentVersionsAsync(tenantId, orderId).ConfigureAwait(false))
                {
                    var sent = unsent == version && body is not null
                        ? await SendAsync(tenantId, orderId, unsent, body).ConfigureAwait(false)
                        : await ResendOneAsync(tenantId, orderId, unsent).ConfigureAwait(false);
                    if (unsent == version)
                    {
                        own = sent;
                    }

                    if (sent is { IsAccepted: false, Status: not StatusCodes.Status422UnprocessableEntity })
                    {
                        // Left in the outbox (rate limited): the later versions wait with it for the sweep.
                        return own;
                    }
                }
            }
            finally
            {
                await orders.UnlockSendingAsync(tenantId, orderId, token).ConfigureAwait(false);
            }

            if ((await orders.UnsentVersionsAsync(tenantId, orderId).ConfigureAwait(false)).Count == 0)
            {
                break;
            }
        }

        return own;
    }

    private async Task<Ingestion.IngestResult?> ResendOneAsync(string tenantId, string orderId, long version)
    {
        var order = await orders.GetAsync(tenantId, orderId).ConfigureAwait(false);
        var entry = order?.History.FirstOrDefault(h => h.TryGetProperty("version", out var v) && v.GetInt64() == version);
        if (order is null || entry is not { } change || order.Customer is null || order.Items is null)
        {
            await orders.SentAsync(tenantId, orderId, version).ConfigureAwait(false);
            return null;
        }

        var previous = change.TryGetProperty("from", out var from) && from.ValueKind == System.Text.Json.JsonValueKind.String ? from.GetString() : null;
        var message = change.TryGetProperty("message", out var m) && m.ValueKind == System.Text.Json.JsonValueKind.String ? m.GetString() : null;
        var body = OrderStatusEvent.Build(orderId, change.GetProperty("to").GetString()!, previous, message,
            order.Customer.Value.GetRawText(), order.Items.Value.GetRawText(), change.GetProperty("at").GetDateTimeOffset());
        var sent = await SendAsync(tenantId, orderId, version, body).ConfigureAwait(false);
        LogResent(tenantId, orderId, version);
        return sent;
    }

    private async Task<Ingestion.IngestResult> SendAsync(string tenantId, string orderId, long version, byte[] body)
    {
        var ingested = await ingestor.IngestAsync(tenantId, body, $"order-status:{orderId}:{version}").ConfigureAwait(false);
        if (!ingested.IsAccepted && ingested.Status != StatusCodes.Status422UnprocessableEntity)
        {
            // Rate limited or similar: leave it in the outbox for the recovery sweep.
            return ingested;
        }

        if (!ingested.IsAccepted)
        {
            LogEventRefused(tenantId, version, ingested.Status, ingested.Detail);
        }

        await orders.SentAsync(tenantId, orderId, version).ConfigureAwait(false);
        return ingested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sent the status event of order {OrderId} version {Version} of tenant {TenantId} from the outbox")]
    private partial void LogResent(string tenantId, string orderId, long version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Order status version {Version} of tenant {TenantId} was applied, but its event was refused ({Status}): {Detail}")]
    private partial void LogEventRefused(string tenantId, long version, int status, string? detail);
}
