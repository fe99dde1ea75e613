using System.Diagnostics;

namespace Gateway.Tests.Infrastructure;

/// <summary>Runs CPU-bound work with a hang guard, for checks that hostile input cannot blow up the time it takes.</summary>
public static class CpuBound
{
    /// <summary>
    /// The result and the elapsed time of <paramref name="work"/>. Gives up after <paramref name="guard"/>, so a
    /// regression to exponential time fails the test instead of hanging it (the runaway thread is abandoned).
    /// </summary>
    public static async Task<(T Result, TimeSpan Elapsed)> RunAsync<T>(Func<T> work, TimeSpan guard)
    {
        var task = Task.Factory.StartNew(
            () =>
            {
                var watch = Stopwatch.StartNew();
                var result = work();
                return (result, watch.Elapsed);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        return await task.WaitAsync(guard);
    }
}
