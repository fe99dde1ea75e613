using System.Diagnostics;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;

namespace Gateway.Delivery.Tracing;

/// <summary>
/// The gateway's spans (<see cref="ActivitySource"/> <c>WebhookGateway</c>): validation, matching and the accept of an
/// event, its fan-out, and every delivery attempt. With nobody listening (tracing off) every start returns null and
/// costs a check; no trace context is then stored or sent.
/// </summary>
public static class GatewayTracing
{
    public const string SourceName = "WebhookGateway";

    public static readonly ActivitySource Source = new(SourceName, typeof(GatewayTracing).Assembly.GetName().Version?.ToString(3));

    /// <summary>The W3C <c>traceparent</c> of <paramref name="activity"/>; empty when there is none.</summary>
    public static string TraceParentOf(Activity? activity) =>
        activity is null ? "" : $"00-{activity.TraceId}-{activity.SpanId}-{(activity.Recorded ? "01" : "00")}";

    /// <summary>The trace id of a stored <c>traceparent</c>; null when there is none.</summary>
    public static string? TraceIdOf(string? traceParent) =>
        ActivityContext.TryParse(traceParent, null, out var context) ? context.TraceId.ToString() : null;

    /// <summary>A step of ingestion: <c>validate</c> (the JSON Schema) or <c>match</c> (the endpoints' rules).</summary>
    public static Activity? StartIngestStep(string step, string eventType)
    {
        var activity = Source.StartActivity($"{step} {eventType}");
        activity?.SetTag("webhook.event.type", eventType);
        return activity;
    }

    /// <summary>The accept of one event (a producer span: the event is handed on through the queues).</summary>
    public static Activity? StartAccept(string tenantId, string eventType, string eventId, int targets, bool singleCall)
    {
        var activity = Source.StartActivity($"accept {eventType}", ActivityKind.Producer);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "webhook_gateway");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "accept");
            activity.SetTag("messaging.message.id", eventId);
            activity.SetTag("webhook.tenant.id", tenantId);
            activity.SetTag("webhook.event.id", eventId);
            activity.SetTag("webhook.event.type", eventType);
            activity.SetTag("webhook.targets", targets);
            activity.SetTag("webhook.fanout.mode", singleCall ? "single_call" : "per_target");
        }

        return activity;
    }

    /// <summary>The fan-out of one event into its targets' queues.</summary>
    public static Activity? StartFanout(string eventId, string eventType, int targets, string? storedTraceParent = null)
    {
        var parent = ActivityContext.TryParse(storedTraceParent, null, out var stored) ? stored : default;
        var activity = Source.StartActivity($"fanout {eventType}", ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("webhook.event.id", eventId);
            activity.SetTag("webhook.event.type", eventType);
            activity.SetTag("webhook.targets", targets);
        }

        return activity;
    }

    /// <summary>
    /// One delivery attempt: an HTTP client span, child of the event's accept (its context stored with the event),
    /// so every attempt, retry and replay of the event sits in the trace of the request that sent it.
    /// </summary>
    public static Activity? StartAttempt(string? storedTraceParent, WebhookEndpoint endpoint, string eventId, string messageId, int attempt)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = ActivityContext.TryParse(storedTraceParent, null, out var stored) ? stored : default;
        var activity = Source.StartActivity("POST", ActivityKind.Client, parent);
        if (activity is { IsAllDataRequested: true } && Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url))
        {
            activity.SetTag("http.request.method", "POST");
            // Without the query: a subscriber's URL may carry a token there.
            activity.SetTag("url.full", url.GetLeftPart(UriPartial.Path));
            activity.SetTag("server.address", url.Host);
            activity.SetTag("server.port", url.Port);
            activity.SetTag("network.protocol.version", "1.1");
            activity.SetTag("webhook.tenant.id", endpoint.TenantId);
            activity.SetTag("webhook.endpoint.id", endpoint.Id);
            activity.SetTag("webhook.event.id", eventId);
            activity.SetTag("webhook.message.id", messageId);
            activity.SetTag("webhook.attempt", attempt);
        }

        return activity;
    }

    /// <summary>Ends an attempt span with its status code and outcome.</summary>
    public static void Completed(Activity? activity, AttemptResult result)
    {
        if (activity is null)
        {
            return;
        }

        if (result.StatusCode is { } status)
        {
            activity.SetTag("http.response.status_code", status);
        }

        activity.SetTag("webhook.outcome", result.OutcomeLabel);
        if (!result.IsSuccess)
        {
            activity.SetTag("error.type", result.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? result.OutcomeLabel);
            activity.SetStatus(ActivityStatusCode.Error, result.Error);
        }
    }
}
