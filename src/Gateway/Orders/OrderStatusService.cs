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
        var ingested = await ingestor.IngestAsync(caller.TenantId, body, idempotencyKey: null).ConfigureAwait(false);
        if (!ingested.IsAccepted)
        {
            LogEventRefused(caller.TenantId, result.Version, ingested.Status, ingested.Detail);
            return new StatusUpdate(result, RefusedEvent: ingested);
        }

        return new StatusUpdate(result, ingested.EventId);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Order status version {Version} of tenant {TenantId} was applied, but its event was refused ({Status}): {Detail}")]
    private partial void LogEventRefused(string tenantId, long version, int status, string? detail);
}
