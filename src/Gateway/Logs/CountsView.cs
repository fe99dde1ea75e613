using Gateway.Delivery.Queue;

namespace Gateway.Logs;

/// <summary>All-time counters and what waits now; with a date range, what happened over it.</summary>
/// <param name="Pending">Every message not yet settled: ready, scheduled, in flight and waiting.</param>
/// <param name="Waiting">Messages of ordered groups queued behind their group's head (see docs/ordering.md).</param>
/// <param name="Range">Present when the counters are an endpoint's (<c>GET /v1/endpoints/{endpointId}/stats</c>).</param>
public sealed record CountsView(
    long Pending, long Ready, long Scheduled, long InFlight, long Waiting, long Sent, long FailedAttempts, long DeadLettered, long DeadLetters, long Filtered,
    RangeTotals? Range = null)
{
    public static CountsView Of(EndpointCounts counts, RangeTotals? range = null) => new(
        counts.Pending, counts.Ready, counts.Scheduled, counts.InFlight, counts.Waiting, counts.Sent, counts.FailedAttempts, counts.DeadLettered,
        counts.DeadLetters, counts.Filtered, range);
}

/// <summary>A tenant's counts across its endpoints: all-time, and over a date range.</summary>
/// <param name="Endpoints">How many endpoints the tenant has.</param>
public sealed record SummaryView(int Endpoints, CountsView AllTime, RangeTotals Range);
