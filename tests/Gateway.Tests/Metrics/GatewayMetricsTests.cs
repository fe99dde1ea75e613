using Gateway.Delivery.Metrics;

namespace Gateway.Tests.Metrics;

public sealed class GatewayMetricsTests
{
    public static readonly string[] ExpectedFamilies =
    [
        "gateway_events_ingested_total", "gateway_events_filtered_total", "gateway_delivery_attempts_total",
        "gateway_dead_letters_total", "gateway_replays_total", "gateway_endpoints_disabled_total",
        "gateway_circuit_breaker_transitions_total", "gateway_delivery_attempt_duration_seconds",
        "gateway_end_to_end_latency_seconds", "gateway_ingest_request_duration_seconds", "gateway_queue_depth",
        "gateway_dead_letter_queue_size", "gateway_circuit_breakers_open", "gateway_worker_deliveries_in_flight",
        "process_cpu_seconds_total", "process_resident_memory_bytes", "process_start_time_seconds",
        "dotnet_gc_collections_total", "dotnet_gc_heap_size_bytes", "dotnet_gc_allocated_bytes_total",
        "dotnet_threadpool_threads", "dotnet_threadpool_queue_length", "dotnet_threadpool_completed_items_total",
    ];

    [Fact]
    public void RecordEveryInstrument_ExposesEveryFamilyWithItsType()
    {
        using var harness = new MetricsHarness();
        harness.RecordEveryInstrument();

        var text = harness.Scrape();

        foreach (var family in ExpectedFamilies)
        {
            var type = family.EndsWith("_total", StringComparison.Ordinal) ? "counter" : family.EndsWith("_seconds", StringComparison.Ordinal) && family.StartsWith("gateway_", StringComparison.Ordinal) ? "histogram" : "gauge";
            Assert.Contains($"# TYPE {family} {type}\n", text);
        }
    }

    [Fact]
    public void Labels_ByDefault_AreTenantScopedWithoutEndpoint()
    {
        using var harness = new MetricsHarness();
        harness.RecordEveryInstrument();

        var text = harness.Scrape();

        Assert.Contains("gateway_events_ingested_total{result=\"accepted\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempts_total{outcome=\"success\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempt_duration_seconds_bucket{outcome=\"success\",tenant=\"acme\",le=\"0.05\"} 1\n", text);
        Assert.Contains("gateway_ingest_request_duration_seconds_count{route=\"/v1/events\",status=\"202\"} 1\n", text);
        Assert.Contains("gateway_queue_depth{state=\"scheduled\",tenant=\"globex\"} 7\n", text);
        Assert.Contains("gateway_dead_letter_queue_size{tenant=\"globex\"} 3\n", text);
        Assert.Contains("gateway_replays_total{tenant=\"globex\"} 2\n", text);
        Assert.Contains("gateway_endpoints_disabled_total{reason=\"gone\",tenant=\"globex\"} 1\n", text);
        Assert.Contains("gateway_circuit_breaker_transitions_total{state=\"opened\",tenant=\"globex\"} 1\n", text);
        Assert.Contains("gateway_circuit_breakers_open 1\n", text);
        Assert.Contains("gateway_worker_deliveries_in_flight 4\n", text);
        Assert.DoesNotContain("endpoint=", text);
    }

    [Fact]
    public void Labels_WithPerEndpointLabels_AddEndpoint()
    {
        using var harness = new MetricsHarness(perEndpointLabels: true);
        harness.RecordEveryInstrument();

        var text = harness.Scrape();

        Assert.Contains("gateway_events_filtered_total{endpoint=\"ep_1\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempts_total{endpoint=\"ep_1\",outcome=\"success\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempt_duration_seconds_count{endpoint=\"ep_2\",outcome=\"timeout\",tenant=\"globex\"} 1\n", text);
        Assert.Contains("gateway_end_to_end_latency_seconds_count{endpoint=\"ep_1\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_dead_letters_total{endpoint=\"ep_2\",tenant=\"globex\"} 1\n", text);
    }

    [Fact]
    public void EndToEndLatency_HasBucketsBeyondAMinuteForRetries()
    {
        using var harness = new MetricsHarness();
        harness.Metrics.Delivered("acme", "ep_1", TimeSpan.FromHours(2));

        var text = harness.Scrape();

        Assert.Contains("gateway_end_to_end_latency_seconds_bucket{tenant=\"acme\",le=\"3600\"} 0\n", text);
        Assert.Contains("gateway_end_to_end_latency_seconds_bucket{tenant=\"acme\",le=\"21600\"} 1\n", text);
    }

    [Fact]
    public void QueueDepth_SourceIsCalledOncePerScrape()
    {
        using var harness = new MetricsHarness();
        var calls = 0;
        harness.Metrics.ObserveQueueDepth(() =>
        {
            calls++;
            return [new Gateway.Delivery.Metrics.QueueDepth("acme", 1, 0, 0, 2)];
        });

        var text = harness.Scrape();

        Assert.Equal(1, calls);
        Assert.Contains("gateway_queue_depth{state=\"ready\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_dead_letter_queue_size{tenant=\"acme\"} 2\n", text);
    }

    [Fact]
    public void Gauges_WithoutSource_AreAbsent()
    {
        using var harness = new MetricsHarness();

        var text = harness.Scrape();

        Assert.DoesNotContain("gateway_queue_depth", text);
        Assert.DoesNotContain("gateway_circuit_breakers_open", text);
        Assert.Contains("process_cpu_seconds_total ", text);
    }
}
