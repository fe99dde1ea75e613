using LoadDriver.Reporting;

namespace Gateway.Tests.LoadTests;

public sealed class CpuPerEventTests
{
    [Fact]
    public void Milliseconds_ThreeCpuSecondsOver12000Events_IsAQuarterMillisecond() =>
        Assert.Equal(0.25, CpuPerEvent.Milliseconds(3.0, 12_000));

    [Fact]
    public void Milliseconds_NoEvents_IsNull() => Assert.Null(CpuPerEvent.Milliseconds(3.0, 0));

    [Fact]
    public void Milliseconds_NoCpuFigure_IsNull() => Assert.Null(CpuPerEvent.Milliseconds(null, 100));
}
