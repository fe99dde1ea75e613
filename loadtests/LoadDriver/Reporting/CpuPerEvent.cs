namespace LoadDriver.Reporting;

/// <summary>CPU time per accepted event, the figure issue targets are set in.</summary>
internal static class CpuPerEvent
{
    /// <summary>Milliseconds of CPU per event, to the microsecond; null without CPU figures or events.</summary>
    public static double? Milliseconds(double? cpuSeconds, long events) =>
        cpuSeconds is { } seconds && events > 0 ? Math.Round(seconds * 1000 / events, 3) : null;
}
