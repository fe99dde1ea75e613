using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;

namespace Gateway.Tests.Tracing;

/// <summary>Every span the gateway's tracer provider ends, as its exporters get them; tests read one trace by id.</summary>
public sealed class SpanCollector : BaseProcessor<Activity>
{
    private readonly ConcurrentQueue<Activity> _spans = new();

    public override void OnEnd(Activity data) => _spans.Enqueue(data);

    /// <summary>The spans of one trace. Activity sources are process-wide, so other tests' spans are left out by trace id.</summary>
    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. _spans.Where(s => s.TraceId == traceId)];
}
