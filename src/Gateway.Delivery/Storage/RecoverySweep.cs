namespace Gateway.Delivery.Storage;

/// <summary>
/// A worker loop that, every few seconds, finishes work a process left half done when it died (work marked
/// pending for longer than <see cref="Grace"/>). Redis being unreachable only postpones the sweep.
/// </summary>
public abstract partial class RecoverySweep(TimeProvider time, ILogger logger) : BackgroundService
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    /// <summary>Finishes every piece of work pending for longer than <paramref name="olderThan"/>; returns how many.</summary>
    public abstract Task<int> SweepAsync(TimeSpan olderThan);

    protected TimeProvider Time => time;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await SweepAsync(Grace).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException || StoreErrors.IsTransient(ex))
            {
                LogSweepFailed(logger, GetType().Name, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Sweep} failed; will retry")]
    private static partial void LogSweepFailed(ILogger logger, string sweep, Exception exception);
}
