using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Dispatch;

/// <summary>The delivery workers' last sign of life, for <c>/readyz</c>.</summary>
public sealed class WorkerHeartbeat(TimeProvider time, IOptions<EngineOptions> options, IOptions<DeliveryOptions> delivery)
{
    private long _lastBeatTicks;

    public void Beat() => Interlocked.Exchange(ref _lastBeatTicks, time.GetUtcNow().UtcTicks);

    /// <summary>True when this process runs no workers, or its workers beat recently.</summary>
    public bool IsFresh
    {
        get
        {
            if (!options.Value.RunsWorkers)
            {
                return true;
            }

            var last = Interlocked.Read(ref _lastBeatTicks);
            var limit = TimeSpan.FromTicks(Math.Max(delivery.Value.PollInterval.Ticks * 5, TimeSpan.FromSeconds(10).Ticks));
            return last != 0 && time.GetUtcNow() - new DateTimeOffset(last, TimeSpan.Zero) < limit;
        }
    }

    public string Describe() => options.Value.RunsWorkers ? "ok" : "not run here";
}
