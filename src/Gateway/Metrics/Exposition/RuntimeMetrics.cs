using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Gateway.Metrics.Exposition;

/// <summary>
/// Process and runtime gauges under the names Prometheus users know from its client libraries
/// (<c>process_cpu_seconds_total</c>, <c>dotnet_gc_collections_total</c>…), read at scrape time.
/// Part of the exposition: a Prometheus library swapped in later brings its own.
/// </summary>
public sealed class RuntimeMetrics
{
    public const string MeterName = "Gateway.Runtime";

    private static readonly string[] s_generations = Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    public RuntimeMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        double startTime;
        using (var process = Process.GetCurrentProcess())
        {
            startTime = new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
        }

        meter.CreateObservableCounter("process.cpu", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s", "Total user and system CPU time spent.");
        meter.CreateObservableGauge("process.resident_memory", () => Environment.WorkingSet, "By", "Resident memory size.");
        meter.CreateObservableGauge("process.start_time", () => startTime, "s", "Start time of the process since the Unix epoch.");
        meter.CreateObservableCounter("dotnet.gc.collections", ObserveCollections, "{collection}", "Garbage collections, by generation.");
        meter.CreateObservableGauge("dotnet.gc.heap_size", () => GC.GetTotalMemory(forceFullCollection: false), "By", "Bytes currently allocated on the managed heap.");
        meter.CreateObservableCounter("dotnet.gc.allocated", () => GC.GetTotalAllocatedBytes(precise: false), "By", "Bytes allocated on the managed heap since the process started.");
        meter.CreateObservableGauge("dotnet.threadpool.threads", () => ThreadPool.ThreadCount, "{thread}", "Thread pool threads.");
        meter.CreateObservableGauge("dotnet.threadpool.queue_length", () => ThreadPool.PendingWorkItemCount, "{work_item}", "Work items queued to the thread pool.");
        meter.CreateObservableCounter("dotnet.threadpool.completed_items", () => ThreadPool.CompletedWorkItemCount, "{work_item}", "Work items the thread pool has completed.");
    }

    private static IEnumerable<Measurement<long>> ObserveCollections()
    {
        for (var generation = 0; generation < s_generations.Length; generation++)
        {
            yield return new Measurement<long>(GC.CollectionCount(generation), new KeyValuePair<string, object?>("generation", s_generations[generation]));
        }
    }
}
