using Gateway.Delivery.Endpoints;
using Gateway.Filters;

namespace Gateway.Endpoints;

/// <summary>An endpoint with its filter compiled once, as the ingestion hot path uses it.</summary>
public sealed record EndpointSnapshot(WebhookEndpoint Endpoint, EventFilter? Filter, bool FilterInvalid)
{
    /// <summary>Whether this endpoint takes an event of <paramref name="eventType"/>; <paramref name="rejectedBy"/> names the rule that refused it.</summary>
    public bool Accepts(string eventType, System.Text.Json.JsonElement root, out string? rejectedBy)
    {
        rejectedBy = null;
        if (!EventTypeMatcher.MatchesAny(Endpoint.EventTypes, eventType))
        {
            return false;
        }

        if (FilterInvalid)
        {
            rejectedBy = "filter no longer compiles";
            return false;
        }

        return Filter is null || Filter.Matches(root, out rejectedBy);
    }
}
