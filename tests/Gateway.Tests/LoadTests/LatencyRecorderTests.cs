using LoadDriver.Reporting;

namespace Gateway.Tests.LoadTests;

public sealed class LatencyRecorderTests
{
    [Fact]
    public void Summarize_OneToHundred_GivesNearestRankPercentiles()
    {
        var recorder = new LatencyRecorder();
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            recorder.Record(ms);
        }

        var summary = recorder.Summarize();

        Assert.Equal(new LatencySummary(100, 50, 99, 100), summary);
    }

    [Fact]
    public void Summarize_NoSamples_GivesNulls() =>
        Assert.Equal(new LatencySummary(0, null, null, null), new LatencyRecorder().Summarize());

    [Fact]
    public void Summarize_OneSample_IsEveryPercentile() =>
        Assert.Equal(new LatencySummary(1, 7, 7, 7), Record(7).Summarize());

    private static LatencyRecorder Record(double ms)
    {
        var recorder = new LatencyRecorder();
        recorder.Record(ms);
        return recorder;
    }
}
