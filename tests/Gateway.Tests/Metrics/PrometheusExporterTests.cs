using System.Diagnostics.Metrics;
using Gateway.Metrics.Exposition;
using Gateway.Tests.Deploy;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Metrics;

public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly Meter _meter;
    private readonly PrometheusExporter _exporter;

    public PrometheusExporterTests()
    {
        var factory = _services.GetRequiredService<IMeterFactory>();
        _meter = factory.Create("Test");
        _exporter = new PrometheusExporter(factory, ["Test"]);
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _services.Dispose();
    }

    [Fact]
    public void Counter_WithAnnotationUnit_WritesHelpTypeAndTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("shop.orders", "{order}", "Orders seen.");
        counter.Add(2, new KeyValuePair<string, object?>("tenant", "acme"));
        counter.Add(3, new KeyValuePair<string, object?>("tenant", "acme"));

        Assert.Equal(
            "# HELP shop_orders_total Orders seen.\n# TYPE shop_orders_total counter\nshop_orders_total{tenant=\"acme\"} 5\n",
            _exporter.Collect());
    }

    [Fact]
    public void Counter_TagsInAnyOrder_AreOneSeriesWithSortedLabels()
    {
        var counter = _meter.CreateCounter<double>("hits", description: "Hits.");
        counter.Add(1.5, new("b", "2"), new("a", "1"));
        counter.Add(1, new("a", "1"), new("b", "2"));

        Assert.Contains("hits_total{a=\"1\",b=\"2\"} 2.5\n", _exporter.Collect());
    }

    [Fact]
    public void Counter_WithoutTags_WritesNoBraces()
    {
        _meter.CreateCounter<int>("plain", description: "Plain.").Add(7);

        Assert.Contains("\nplain_total 7\n", _exporter.Collect());
    }

    [Fact]
    public void Histogram_WritesCumulativeBucketsWithInfSumAndCount()
    {
        var histogram = _meter.CreateHistogram("wait", "s", "Waits.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 5, 100 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("t", "x"));
        }

        Assert.Equal(
            """
            # HELP wait_seconds Waits.
            # TYPE wait_seconds histogram
            wait_seconds_bucket{t="x",le="0.1"} 2
            wait_seconds_bucket{t="x",le="1"} 3
            wait_seconds_bucket{t="x",le="10"} 4
            wait_seconds_bucket{t="x",le="+Inf"} 5
            wait_seconds_sum{t="x"} 105.65
            wait_seconds_count{t="x"} 5

            """.ReplaceLineEndings("\n"),
            _exporter.Collect());
    }

    [Fact]
    public void Histogram_InMilliseconds_IsWrittenInSeconds()
    {
        var histogram = _meter.CreateHistogram("took", "ms", "Took.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 250] });
        histogram.Record(100);

        var text = _exporter.Collect();

        Assert.Contains("took_seconds_bucket{le=\"0.005\"} 0\n", text);
        Assert.Contains("took_seconds_bucket{le=\"0.25\"} 1\n", text);
        Assert.Contains("took_seconds_sum 0.1\n", text);
    }

    [Fact]
    public void Histogram_WithoutAdvice_UsesLatencyBuckets()
    {
        _meter.CreateHistogram<double>("lat", "s", "Latency.").Record(0.003);

        var text = _exporter.Collect();

        Assert.Contains("lat_seconds_bucket{le=\"0.0025\"} 0\n", text);
        Assert.Contains("lat_seconds_bucket{le=\"0.005\"} 1\n", text);
        Assert.Contains("lat_seconds_bucket{le=\"60\"} 1\n", text);
    }

    [Fact]
    public void LabelValuesAndHelp_AreEscaped()
    {
        _meter.CreateCounter<long>("esc", description: "Line one\nback\\slash \"quoted\"")
            .Add(1, new KeyValuePair<string, object?>("v", "a\\b\"c\nd"));

        var text = _exporter.Collect();

        Assert.Contains("# HELP esc_total Line one\\nback\\\\slash \"quoted\"\n", text);
        Assert.Contains("esc_total{v=\"a\\\\b\\\"c\\nd\"} 1\n", text);
    }

    [Fact]
    public void Names_WithInvalidCharacters_AreSanitized()
    {
        _meter.CreateUpDownCounter<long>("my-app.queue..size", "By", "Size.").Add(3, new KeyValuePair<string, object?>("http.route", "/x"));

        var text = _exporter.Collect();

        Assert.Contains("# TYPE my_app_queue_size_bytes gauge\n", text);
        Assert.Contains("my_app_queue_size_bytes{http_route=\"/x\"} 3\n", text);
    }

    [Fact]
    public void ObservableGauge_SeriesNoLongerReported_Disappear()
    {
        var tenants = new List<string> { "a", "b" };
        _meter.CreateObservableGauge("depth", () => tenants.Select(t => new Measurement<long>(1, new KeyValuePair<string, object?>("tenant", t))), description: "Depth.");

        Assert.Contains("depth{tenant=\"b\"} 1\n", _exporter.Collect());
        tenants.Remove("b");
        var text = _exporter.Collect();

        Assert.Contains("depth{tenant=\"a\"} 1\n", text);
        Assert.DoesNotContain("tenant=\"b\"", text);
    }

    [Fact]
    public void ObservableCounter_WritesTheObservedTotal()
    {
        var total = 10L;
        _meter.CreateObservableCounter("cpu.time", () => total, "s", "CPU.");

        Assert.Contains("cpu_time_seconds_total 10\n", _exporter.Collect());
        total = 12;
        Assert.Contains("cpu_time_seconds_total 12\n", _exporter.Collect());
    }

    [Fact]
    public void ObservableCallbackThrows_OtherFamiliesAreStillWritten()
    {
        _meter.CreateObservableGauge("broken", (Func<int>)(() => throw new InvalidOperationException("store down")), description: "Broken.");
        _meter.CreateObservableGauge("fine", () => 1, description: "Fine.");

        var text = _exporter.Collect();

        Assert.Contains("fine 1\n", text);
        Assert.DoesNotContain("broken", text);
    }

    [Fact]
    public void FamilyWithoutSamples_IsNotWritten()
    {
        _meter.CreateCounter<long>("never", description: "Never.");

        Assert.Equal("", _exporter.Collect());
    }

    [Fact]
    public void MetersOfAnotherFactoryOrName_AreIgnored()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        other.GetRequiredService<IMeterFactory>().Create("Test").CreateCounter<long>("foreign").Add(1);
        _services.GetRequiredService<IMeterFactory>().Create("Other").CreateCounter<long>("unnamed").Add(1);
        using var global = new Meter("Test");
        global.CreateCounter<long>("global").Add(1);

        Assert.Equal("", _exporter.Collect());
    }

    [Fact]
    public void Families_AreSortedByName()
    {
        _meter.CreateCounter<long>("zeta", description: "Z.").Add(1);
        _meter.CreateCounter<long>("alpha", description: "A.").Add(1);

        var text = _exporter.Collect();

        Assert.True(text.IndexOf("alpha_total", StringComparison.Ordinal) < text.IndexOf("zeta_total", StringComparison.Ordinal));
    }

    [Fact]
    public void Record_FromManyThreads_LosesNoMeasurement()
    {
        var counter = _meter.CreateCounter<long>("parallel", description: "P.");
        var histogram = _meter.CreateHistogram<double>("parallel.duration", "s", "P.");
        Parallel.For(0, 8, worker =>
        {
            var tenant = new KeyValuePair<string, object?>("tenant", "t" + (worker % 2));
            for (var i = 0; i < 50_000; i++)
            {
                counter.Add(1, tenant);
                histogram.Record(0.5, tenant);
            }
        });

        var text = _exporter.Collect();

        Assert.Contains("parallel_total{tenant=\"t0\"} 200000\n", text);
        Assert.Contains("parallel_total{tenant=\"t1\"} 200000\n", text);
        Assert.Contains("parallel_duration_seconds_count{tenant=\"t1\"} 200000\n", text);
        Assert.Contains("parallel_duration_seconds_sum{tenant=\"t1\"} 100000\n", text);
    }

    [Fact]
    public void Record_KnownSeries_DoesNotAllocate()
    {
        var counter = _meter.CreateCounter<long>("hot", description: "Hot.");
        var histogram = _meter.CreateHistogram<double>("hot.duration", "s", "Hot.");
        var tenant = new KeyValuePair<string, object?>("tenant", "acme");
        var outcome = new KeyValuePair<string, object?>("outcome", "success");
        counter.Add(1, tenant, outcome);
        histogram.Record(0.1, tenant, outcome);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            counter.Add(1, tenant, outcome);
            histogram.Record(0.1, tenant, outcome);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 1024, $"Recording allocated {allocated} bytes for 20,000 measurements.");
    }
}
