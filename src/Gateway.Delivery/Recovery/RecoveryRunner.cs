using System.Threading.Channels;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Operations;

namespace Gateway.Delivery.Recovery;

/// <summary>
/// Runs the recoveries this process started, in the background, at most <see cref="Concurrency"/> at once, each batch
/// by batch (<see cref="EndpointRecovery"/>). When one finishes the tenant is told (<c>endpoint.recovered</c>). A
/// process that stops mid-recovery leaves it unfinished: its marker lapses, and asking again for the window starts a
/// new one, which finds what is still failed.
/// </summary>
public sealed partial class RecoveryRunner(EndpointRecovery recovery, IEndpointDirectory endpoints, IOperationalNotices notices, ILogger<RecoveryRunner> logger)
    : BackgroundService
{
    /// <summary>Recoveries run at once per process.</summary>
    public const int Concurrency = 2;

    private readonly Channel<RecoveryJob> _jobs = Channel.CreateBounded<RecoveryJob>(new BoundedChannelOptions(256) { SingleReader = true });

    /// <summary>Hands a started recovery over; waits while 256 are already waiting.</summary>
    public ValueTask EnqueueAsync(RecoveryJob job, CancellationToken cancellationToken) => _jobs.Writer.WriteAsync(job, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(Concurrency);
        var running = new List<Task>();
        try
        {
            await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                await slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(RunAsync(job, slots, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running).ConfigureAwait(false);
    }

    private async Task RunAsync(RecoveryJob job, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            var progress = await recovery.RunAsync(job, stoppingToken).ConfigureAwait(false);
            LogFinished(logger, job.RecoveryId, job.EndpointId, progress.Found, progress.Queued, progress.NotRecoverable);
            if (await endpoints.FindAsync(job.EndpointId).ConfigureAwait(false) is { } endpoint)
            {
                await notices.EndpointRecoveredAsync(endpoint, progress).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogInterrupted(logger, job.RecoveryId, job.EndpointId);
        }
        catch (Exception ex)
        {
            LogFailed(logger, job.RecoveryId, job.EndpointId, ex);
        }
        finally
        {
            slots.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recovery {RecoveryId} of endpoint {EndpointId} finished: {Found} found, {Queued} queued, {NotRecoverable} not recoverable")]
    private static partial void LogFinished(ILogger logger, string recoveryId, string endpointId, long found, long queued, long notRecoverable);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recovery {RecoveryId} of endpoint {EndpointId} stopped with the process; ask for its window again to finish it")]
    private static partial void LogInterrupted(ILogger logger, string recoveryId, string endpointId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery {RecoveryId} of endpoint {EndpointId} failed; ask for its window again to finish it")]
    private static partial void LogFailed(ILogger logger, string recoveryId, string endpointId, Exception exception);
}
