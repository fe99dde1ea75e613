namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Says when the worker's loop has finished a round (changed endpoints applied, due pumps started or woken). A test
/// that moves a fake clock asks for a round and awaits it, instead of sleeping real time until the loop, which polls
/// on a real-time interval, happens to look at the new time.
/// </summary>
public sealed class DispatchProgress
{
    private readonly Lock _lock = new();
    private readonly List<(long Round, TaskCompletionSource Done)> _waiters = [];
    private long _started;
    private long _completed;

    /// <summary>Raised when a round is asked for, so the loop starts one now.</summary>
    internal event Action? RoundRequested;

    /// <summary>Completes when a round that started after this call has finished.</summary>
    public Task NextRoundAsync()
    {
        TaskCompletionSource done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiters.Add((_started + 1, done));
        }

        RoundRequested?.Invoke();
        return done.Task;
    }

    internal void RoundStarted()
    {
        lock (_lock)
        {
            _started++;
        }
    }

    internal void RoundCompleted()
    {
        lock (_lock)
        {
            _completed = _started;
            foreach (var (_, done) in _waiters.Where(w => w.Round <= _completed))
            {
                done.TrySetResult();
            }

            _waiters.RemoveAll(w => w.Round <= _completed);
        }
    }
}
