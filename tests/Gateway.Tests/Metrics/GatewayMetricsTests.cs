namespace Gateway.Tests.Metrics;

public sealed class GatewayMetricsTests
{
    /// <summary>Every family <c>/metrics</c> exposes once every instrument has recorded, with its Prometheus type.</summary>
    public static readonly IReadOnlyDictionary<string, string> ExpectedFamilies = new Dictionary<string, string>
    {
        ["gateway_events_ingested_total"] = "counter",
        ["gateway_events_filtered_total"] = "counter",
        ["gateway_delivery_attempts_total"] = "counter",
        ["gateway_dead_letters_total"] = "counter",
        ["gateway_replays_total"] = "counter",
        ["gateway_endpoint_throttled_seconds_total"] = "counter",
        ["gateway_endpoints_disabled_total"] = "counter",
        ["gateway_circuit_breaker_transitions_total"] = "counter",
        ["gateway_delivery_attempt_duration_seconds"] = "histogram",
        ["gateway_end_to_end_latency_seconds"] = "histogram",
        ["gateway_ingest_request_duration_seconds"] = "histogram",
        ["gateway_queue_depth"] = "gauge",
        ["gateway_queue_oldest_ready_age_seconds"] = "gauge",
        ["gateway_dead_letter_queue_size"] = "gauge",
        ["gateway_circuit_breakers_open"] = "gauge",
        ["gateway_worker_deliveries_in_flight"] = "gauge",
        ["gateway_redis_up"] = "gauge",
        // prometheus-net's DotNetStats.
        ["process_cpu_seconds_total"] = "counter",
        ["process_working_set_bytes"] = "gauge",
        ["process_start_time_seconds"] = "gauge",
        ["dotnet_collection_count_total"] = "counter",
        ["dotnet_total_memory_bytes"] = "gauge",
        // The gateway's RuntimeMetrics.
        ["dotnet_gc_allocated_bytes_total"] = "counter",
        ["dotnet_threadpool_threads"] = "gauge",
        ["dotnet_threadpool_queue_length"] = "gauge",
        ["dotnet_threadpool_completed_items_total"] = "counter",
    };

    [Fact]
    public async Task RecordEveryInstrument_ExposesEveryFamilyWithItsType()
    {
        using var harness = new MetricsHarness();
        harness.RecordEveryInstrument();

        var text = await harness.ScrapeAsync();

        foreach (var (family, type) in ExpectedFamilies)
        {
            Assert.Contains($"# TYPE {family} {type}\n", text);
        }
    }

    [Fact]
    public async Task Labels_ByDefault_AreTenantScopedWithoutEndpoint()
    {
        using var harness = new MetricsHarness();
        harness.RecordEveryInstrument();

        var text = await harness.ScrapeAsync();

        Assert.Contains("gateway_events_ingested_total{result=\"accepted\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempts_total{outcome=\"success\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempt_duration_seconds_bucket{outcome=\"success\",tenant=\"acme\",le=\"0.05\"} 1\n", text);
        Assert.Contains("gateway_ingest_request_duration_seconds_count{route=\"/v1/events\",status=\"202\"} 1\n", text);
        Assert.Contains("gateway_queue_depth{state=\"scheduled\",tenant=\"globex\"} 7\n", text);
        Assert.Contains("gateway_queue_oldest_ready_age_seconds{tenant=\"acme\"} 12\n", text);
        Assert.Contains("gateway_dead_letter_queue_size{tenant=\"globex\"} 3\n", text);
        Assert.Contains("gateway_replays_total{tenant=\"globex\"} 2\n", text);
        Assert.Contains("gateway_endpoints_disabled_total{reason=\"gone\",tenant=\"globex\"} 1\n", text);
        Assert.Contains("gateway_circuit_breaker_transitions_total{state=\"opened\",tenant=\"globex\"} 1\n", text);
        Assert.Contains("gateway_circuit_breakers_open 1\n", text);
        Assert.Contains("gateway_worker_deliveries_in_flight 4\n", text);
        Assert.Contains("gateway_redis_up 1\n", text);
        Assert.DoesNotContain("endpoint=", text);
    }

    [Fact]
    public async Task Labels_WithPerEndpointLabels_AddEndpoint()
    {
        using var harness = new MetricsHarness(perEndpointLabels: true);
        harness.RecordEveryInstrument();

        var text = await harness.ScrapeAsync();

        Assert.Contains("gateway_events_filtered_total{endpoint=\"ep_1\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempts_total{endpoint=\"ep_1\",outcome=\"success\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempt_duration_seconds_count{endpoint=\"ep_2\",outcome=\"timeout\",tenant=\"globex\"} 1\n", text);
        Assert.Contains("gateway_end_to_end_latency_seconds_count{endpoint=\"ep_1\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_dead_letters_total{endpoint=\"ep_2\",tenant=\"globex\"} 1\n", text);
    }

    [Fact]
    public async Task AttemptLatency_HasTheGatewayBuckets_NotTheLibraryDefaults()
    {
        using var harness = new MetricsHarness();
        harness.Metrics.AttemptCompleted("acme", "ep_1", "success", TimeSpan.FromMilliseconds(3));

        var text = await harness.ScrapeAsync();

        Assert.Contains("gateway_delivery_attempt_duration_seconds_bucket{outcome=\"success\",tenant=\"acme\",le=\"0.0025\"} 0\n", text);
        Assert.Contains("gateway_delivery_attempt_duration_seconds_bucket{outcome=\"success\",tenant=\"acme\",le=\"0.005\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempt_duration_seconds_bucket{outcome=\"success\",tenant=\"acme\",le=\"60\"} 1\n", text);
        Assert.Contains("gateway_delivery_attempt_duration_seconds_bucket{outcome=\"success\",tenant=\"acme\",le=\"+Inf\"} 1\n", text);
    }

    [Fact]
    public async Task EndToEndLatency_HasBucketsBeyondAMinuteForRetries()
    {
        using var harness = new MetricsHarness();
        harness.Metrics.Delivered("acme", "ep_1", TimeSpan.FromHours(2));

        var text = await harness.ScrapeAsync();

        Assert.Contains("gateway_end_to_end_latency_seconds_bucket{tenant=\"acme\",le=\"3600\"} 0\n", text);
        Assert.Contains("gateway_end_to_end_latency_seconds_bucket{tenant=\"acme\",le=\"21600\"} 1\n", text);
    }

    [Fact]
    public async Task QueueDepth_SourceIsCalledOncePerScrape()
    {
        using var harness = new MetricsHarness();
        var calls = 0;
        harness.Metrics.ObserveQueueDepth(() =>
        {
            calls++;
            return [new Gateway.Delivery.Metrics.QueueDepth("acme", 1, 0, 0, 2)];
        });

        var text = await harness.ScrapeAsync();

        Assert.Equal(1, calls);
        Assert.Contains("gateway_queue_depth{state=\"ready\",tenant=\"acme\"} 1\n", text);
        Assert.Contains("gateway_dead_letter_queue_size{tenant=\"acme\"} 2\n", text);
        Assert.Contains("gateway_queue_oldest_ready_age_seconds{tenant=\"acme\"} 0\n", text);
    }

    [Fact]
    public async Task QueueDepth_TenantNoLongerReported_LosesItsSeries()
    {
        using var harness = new MetricsHarness();
        IReadOnlyList<Gateway.Delivery.Metrics.QueueDepth> depths = [new("acme", 1, 0, 0, 0), new("globex", 2, 0, 0, 1)];
        harness.Metrics.ObserveQueueDepth(() => depths);
        Assert.Contains("tenant=\"globex\"", await harness.ScrapeAsync());

        depths = [new("acme", 1, 0, 0, 0)];
        var text = await harness.ScrapeAsync();

        Assert.Contains("gateway_queue_depth{state=\"ready\",tenant=\"acme\"} 1\n", text);
        Assert.DoesNotContain("tenant=\"globex\"", text);
    }

    [Fact]
    public async Task Gauges_WithoutSource_AreAbsent()
    {
        using var harness = new MetricsHarness();

        var text = await harness.ScrapeAsync();

        Assert.DoesNotContain("gateway_queue_depth{", text);
        Assert.DoesNotContain("\ngateway_circuit_breakers_open ", text);
        Assert.DoesNotContain("\ngateway_redis_up ", text);
        Assert.Contains("process_cpu_seconds_total ", text);
    }

    [Fact]
    public async Task RedisUp_WhenTheSourceSaysDown_IsZero()
    {
        using var harness = new MetricsHarness();
        harness.Metrics.ObserveRedisUp(() => false);

        Assert.Contains("gateway_redis_up 0\n", await harness.ScrapeAsync());
    }
}
