using System.Collections.Concurrent;
using LoadDriver.Reporting;

namespace LoadDriver.Ingestion;

/// <summary>What one ingestion phase sent and what the gateway answered.</summary>
internal sealed class IngestResult
{
    private long _accepted;
    private long _rejected;
    private long _errors;

    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Events the gateway refused (non-2xx answers, or <c>rejected</c> entries of a batch).</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Requests that got no answer (connection errors, client timeouts).</summary>
    public long Errors => Interlocked.Read(ref _errors);

    public ConcurrentDictionary<int, long> StatusCodes { get; } = new();

    /// <summary>Request round trips, per request (a whole batch counts once).</summary>
    public LatencyRecorder Latency { get; } = new();

    public TimeSpan Elapsed { get; set; }

    public string? FirstError { get; private set; }

    public void Count(int status, long accepted, long rejected)
    {
        StatusCodes.AddOrUpdate(status, 1, (_, n) => n + 1);
        Interlocked.Add(ref _accepted, accepted);
        Interlocked.Add(ref _rejected, rejected);
    }

    public void Error(string message)
    {
        Interlocked.Increment(ref _errors);
        FirstError ??= message;
    }

    public void RejectedWith(string message) => FirstError ??= message;
}
