using Prometheus;

namespace Gateway.Metrics;

/// <summary>
/// Thread pool and allocation figures, read at scrape time. prometheus-net's <see cref="DotNetStats"/> covers the
/// process and the GC (<c>process_cpu_seconds_total</c>, <c>dotnet_collection_count_total</c>…) but not these.
/// </summary>
internal static class RuntimeMetrics
{
    public static void Register(CollectorRegistry registry)
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(registry);
        var threads = factory.CreateGauge("dotnet_threadpool_threads", "Thread pool threads.");
        var queueLength = factory.CreateGauge("dotnet_threadpool_queue_length", "Work items queued to the thread pool.");
        var completed = factory.CreateCounter("dotnet_threadpool_completed_items_total", "Work items the thread pool has completed.");
        var allocated = factory.CreateCounter("dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.");
        registry.AddBeforeCollectCallback(() =>
        {
            threads.Set(ThreadPool.ThreadCount);
            queueLength.Set(ThreadPool.PendingWorkItemCount);
            completed.IncTo(ThreadPool.CompletedWorkItemCount);
            allocated.IncTo(GC.GetTotalAllocatedBytes(precise: false));
        });
    }
}
