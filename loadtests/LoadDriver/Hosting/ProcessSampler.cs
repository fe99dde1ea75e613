using System.Globalization;

namespace LoadDriver.Hosting;

/// <summary>
/// Peak RSS and CPU time of one or more local processes (a gateway split into API and worker processes), read from
/// <c>/proc</c> (Linux only; null elsewhere).
/// </summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat is fixed at 100 by the Linux user ABI.
    private const double TicksPerSecond = 100.0;

    private readonly IReadOnlyList<int> _pids;
    private readonly long[] _peakRssKb;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public ProcessSampler(int pid, TimeSpan interval)
        : this([pid], interval)
    {
    }

    public ProcessSampler(IReadOnlyList<int> pids, TimeSpan interval)
    {
        _pids = pids;
        _peakRssKb = new long[pids.Count];
        _loop = SampleAsync(interval, _stop.Token);
    }

    /// <summary>
    /// The larger of the highest sampled VmRSS and the kernel's own high-water mark VmHWM, in MiB; with several
    /// processes, that of the largest one (the memory target is per process).
    /// </summary>
    public double? PeakRssMb()
    {
        Sample();
        var peak = 0L;
        for (var i = 0; i < _peakRssKb.Length; i++)
        {
            peak = Math.Max(peak, Interlocked.Read(ref _peakRssKb[i]));
        }

        return peak == 0 ? null : peak / 1024.0;
    }

    /// <summary>User plus system CPU seconds the processes have used so far, summed; null when none could be read.</summary>
    public double? CpuSeconds()
    {
        double? total = null;
        foreach (var pid in _pids)
        {
            if (CpuSeconds(pid) is { } seconds)
            {
                total = (total ?? 0) + seconds;
            }
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private static double? CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            // comm (field 2) may hold spaces; fields after its closing parenthesis start at field 3 (state).
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) / TicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private async Task SampleAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        do
        {
            Sample();
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }

    private void Sample()
    {
        for (var i = 0; i < _pids.Count; i++)
        {
            Sample(_pids[i], ref _peakRssKb[i]);
        }
    }

    private static void Sample(int pid, ref long peakRssKb)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal) || line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    long current;
                    while (kb > (current = Interlocked.Read(ref peakRssKb)) && Interlocked.CompareExchange(ref peakRssKb, kb, current) != current)
                    {
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process has exited or this is not Linux: keep what was seen.
        }
    }
}
