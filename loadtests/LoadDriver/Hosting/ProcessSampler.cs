using System.Globalization;

namespace LoadDriver.Hosting;

/// <summary>Peak RSS and CPU time of a local process, read from <c>/proc</c> (Linux only; null elsewhere).</summary>
internal sealed class ProcessSampler : IAsyncDisposable
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat is fixed at 100 by the Linux user ABI.
    private const double TicksPerSecond = 100.0;

    private readonly int _pid;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peakRssKb;

    public ProcessSampler(int pid, TimeSpan interval)
    {
        _pid = pid;
        _loop = SampleAsync(interval, _stop.Token);
    }

    /// <summary>The larger of the highest sampled VmRSS and the kernel's own high-water mark VmHWM, in MiB.</summary>
    public double? PeakRssMb()
    {
        Sample();
        var peak = Interlocked.Read(ref _peakRssKb);
        return peak == 0 ? null : peak / 1024.0;
    }

    /// <summary>User plus system CPU seconds the process has used so far.</summary>
    public double? CpuSeconds()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{_pid}/stat");
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
        try
        {
            foreach (var line in File.ReadLines($"/proc/{_pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal) || line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                    long current;
                    while (kb > (current = Interlocked.Read(ref _peakRssKb)) && Interlocked.CompareExchange(ref _peakRssKb, kb, current) != current)
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
