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
                _deadLetters.WithLabels([tenant]).Set(depth.DeadLetters);
                _oldestReady.WithLabels([tenant]).Set(depth.OldestReadyAge.TotalSeconds);
            }

            foreach (var gone in _tenants.Where(t => !seen.Contains(t)))
            {
                _depth.RemoveLabelled("ready", gone);
                _depth.RemoveLabelled("scheduled", gone);
                _depth.RemoveLabelled("in_flight", gone);
                _deadLetters.RemoveLabelled(gone);
                _oldestReady.RemoveLabelled(gone);
            }

            _tenants = seen;
        }
    }
}
