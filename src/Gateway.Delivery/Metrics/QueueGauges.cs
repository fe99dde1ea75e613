using Prometheus;

namespace Gateway.Delivery.Metrics;

/// <summary>The per-tenant queue gauges, set from one snapshot per scrape; a tenant missing from it loses its series.</summary>
internal sealed class QueueGauges(IMetricFactory factory)
{
    private readonly Gauge _depth = factory.CreateGauge("gateway_queue_depth", "Messages waiting per tenant, by state.", ["state", "tenant"]);
    private readonly Gauge _deadLetters = factory.CreateGauge("gateway_dead_letter_queue_size", "Messages in the dead-letter queue per tenant.", ["tenant"]);
    private readonly Gauge _oldestReady = factory.CreateGauge(
        "gateway_queue_oldest_ready_age_seconds",
        "Per tenant, how long the oldest message that is ready to send (never attempted, or a retry already due) has waited, as of the last queue sample.",
        ["tenant"]);

    private readonly Gauge _groups = factory.CreateGauge("gateway_ordering_groups", "Per tenant, ordered groups with a message queued or a paused dead letter.", ["tenant"]);
    private readonly Gauge _blockedGroups = factory.CreateGauge(
        "gateway_ordering_blocked_groups", "Per tenant, ordered groups whose head has failed at least once, or that are paused.", ["tenant"]);
    private readonly Gauge _oldestBlocked = factory.CreateGauge(
        "gateway_ordering_oldest_blocked_age_seconds", "Per tenant, how long the head of the longest-blocked ordered group has been failing, as of the last queue sample.", ["tenant"]);

    private readonly Lock _lock = new();
    private HashSet<string> _tenants = new(StringComparer.Ordinal);

    public void Set(IReadOnlyList<QueueDepth> depths)
    {
        lock (_lock)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var depth in depths)
            {
                var tenant = depth.TenantId;
                seen.Add(tenant);
                _depth.WithLabels(["ready", tenant]).Set(depth.Ready);
                _depth.WithLabels(["scheduled", tenant]).Set(depth.Scheduled);
                _depth.WithLabels(["in_flight", tenant]).Set(depth.InFlight);
                _depth.WithLabels(["waiting", tenant]).Set(depth.Waiting);
                _groups.WithLabels([tenant]).Set(depth.OrderedGroups);
                _blockedGroups.WithLabels([tenant]).Set(depth.BlockedGroups);
                _oldestBlocked.WithLabels([tenant]).Set(depth.OldestBlockedAge.TotalSeconds);
                _deadLetters.WithLabels([tenant]).Set(depth.DeadLetters);
                _oldestReady.WithLabels([tenant]).Set(depth.OldestReadyAge.TotalSeconds);
            }

            foreach (var gone in _tenants.Where(t => !seen.Contains(t)))
            {
                _depth.RemoveLabelled("ready", gone);
                _depth.RemoveLabelled("scheduled", gone);
                _depth.RemoveLabelled("in_flight", gone);
                _depth.RemoveLabelled("waiting", gone);
                _groups.RemoveLabelled(gone);
                _blockedGroups.RemoveLabelled(gone);
                _oldestBlocked.RemoveLabelled(gone);
                _deadLetters.RemoveLabelled(gone);
                _oldestReady.RemoveLabelled(gone);
            }

            _tenants = seen;
        }
    }
}
