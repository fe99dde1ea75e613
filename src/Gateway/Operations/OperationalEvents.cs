using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Operations;
using Gateway.Ingestion;
using StackExchange.Redis;

namespace Gateway.Operations;

/// <summary>
/// Turns what happened to a tenant's endpoints and messages into operational events (<c>endpoint.disabled</c>,
/// <c>endpoint.enabled</c>, <c>endpoint.failing</c>, <c>endpoint.recovered</c>, <c>message.attempt.exhausted</c>), ingested for that tenant
/// through the ordinary accept path: validated against their schema, queued at the tenant's endpoints subscribed to
/// them, signed and retried like any event. Each carries an idempotency key per occurrence, so a retried emission
/// never sends it twice; a notice is never queued at the endpoint it is about, and a dead-lettered operational
/// message raises no notice of its own, so notices cannot feed on themselves.
/// </summary>
public sealed partial class OperationalEvents(EventIngestor ingestor, TimeProvider time, ILogger<OperationalEvents> logger) : IOperationalNotices
{
    public Task EndpointDisabledAsync(WebhookEndpoint endpoint, string trigger, string reason, DateTimeOffset at) =>
        EmitAsync(endpoint, OperationalEventTypes.EndpointDisabled, $"{endpoint.Id}:{Ms(at)}", at, new JsonObject
        {
            ["endpointId"] = endpoint.Id,
            ["trigger"] = trigger,
            ["reason"] = reason,
            ["disabledAt"] = Date(at),
        });

    /// <summary>The tenant enabled the endpoint again.</summary>
    public Task EndpointEnabledAsync(WebhookEndpoint endpoint)
    {
        var at = time.GetUtcNow();
        return EmitAsync(endpoint, OperationalEventTypes.EndpointEnabled, $"{endpoint.Id}:{Ms(at)}", at, new JsonObject
        {
            ["endpointId"] = endpoint.Id,
            ["enabledAt"] = Date(at),
        });
    }

    public Task EndpointFailingAsync(WebhookEndpoint endpoint, DateTimeOffset failingSince, int? lastStatus, string? lastError, long window, DateTimeOffset at)
    {
        var data = new JsonObject
        {
            ["endpointId"] = endpoint.Id,
            ["failingSince"] = Date(failingSince),
            ["reason"] = $"every attempt has failed since {Date(failingSince)}: the endpoint's deliveries are paused and retried by a probe; " +
                "it is disabled if it keeps failing without a success",
        };
        if (lastStatus is { } status)
        {
            data["lastStatus"] = status;
        }

        if (lastError is not null)
        {
            data["lastError"] = lastError;
        }

        return EmitAsync(endpoint, OperationalEventTypes.EndpointFailing, $"{endpoint.Id}:{window.ToString(CultureInfo.InvariantCulture)}", at, data);
    }

    public Task MessageExhaustedAsync(WebhookEndpoint endpoint, DeadLetter letter) =>
        EmitAsync(endpoint, OperationalEventTypes.MessageAttemptExhausted, $"{letter.Id}:{Ms(letter.DeadAt)}", letter.DeadAt, new JsonObject
        {
            ["endpointId"] = endpoint.Id,
            ["messageId"] = letter.Id,
            ["eventId"] = letter.EventId,
            ["eventType"] = letter.EventType,
            ["attempts"] = letter.Attempts,
            ["lastStatus"] = letter.LastStatus,
            ["lastError"] = letter.LastError,
            ["firstAttemptAt"] = Date(letter.FirstAttemptAt),
            ["lastAttemptAt"] = Date(letter.LastAttemptAt),
        });

    /// <summary>A recovery of the endpoint's failed messages finished.</summary>
    public Task EndpointRecoveredAsync(WebhookEndpoint endpoint, Gateway.Delivery.Recovery.RecoveryProgress progress)
    {
        var at = progress.FinishedAt ?? time.GetUtcNow();
        var data = new JsonObject
        {
            ["endpointId"] = endpoint.Id,
            ["recoveryId"] = progress.Id,
            ["since"] = Date(progress.Since),
            ["found"] = progress.Found,
            ["queued"] = progress.Queued,
            ["notRecoverable"] = progress.NotRecoverable,
            ["finishedAt"] = Date(at),
        };
        if (progress.Until is { } until)
        {
            data["until"] = Date(until);
        }

        return EmitAsync(endpoint, OperationalEventTypes.EndpointRecovered, progress.Id, at, data);
    }

    private async Task EmitAsync(WebhookEndpoint about, string eventType, string occurrence, DateTimeOffset at, JsonObject data)
    {
        var dot = eventType.IndexOf('.', StringComparison.Ordinal);
        var document = new JsonObject
        {
            ["subject"] = eventType[..dot],
            ["type"] = eventType[(dot + 1)..],
            ["objectId"] = eventType == OperationalEventTypes.MessageAttemptExhausted ? (string?)data["messageId"] : about.Id,
            ["eventDate"] = Date(at),
            ["data"] = data,
        };
        try
        {
            var result = await ingestor.IngestOperationalAsync(about.TenantId, JsonSerializer.SerializeToUtf8Bytes(document), $"gw-op:{eventType}:{occurrence}", about.Id)
                .ConfigureAwait(false);
            if (result.IsAccepted)
            {
                LogEmitted(logger, eventType, about.Id, about.TenantId, result.EventId ?? "", result.Replayed);
            }
            else
            {
                // The document is the gateway's own: a refusal is a bug in it or in its schema, loud in the log.
                LogRefused(logger, eventType, about.Id, result.Status, result.Detail ?? "");
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // The cause is recorded where the tenant reads it (the endpoint's disabledReason, the dead letter), and a
            // store outage must not fail the delivery or the request that caused the notice.
            LogFailed(logger, eventType, about.Id, ex);
        }
    }

    private static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operational event {EventType} about endpoint {EndpointId} of tenant {TenantId}: {EventId} (repeat: {Replayed})")]
    private static partial void LogEmitted(ILogger logger, string eventType, string endpointId, string tenantId, string eventId, bool replayed);

    [LoggerMessage(Level = LogLevel.Error, Message = "Operational event {EventType} about endpoint {EndpointId} was refused with {Status}: {Detail}")]
    private static partial void LogRefused(ILogger logger, string eventType, string endpointId, int status, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operational event {EventType} about endpoint {EndpointId} could not be emitted")]
    private static partial void LogFailed(ILogger logger, string eventType, string endpointId, Exception exception);
}
