using Gateway.Delivery.Dispatch;

namespace Gateway.Tests.Delivery;

public sealed class RetryPolicyTests
{
    private static readonly TimeSpan[] s_schedule = [TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30)];

    [Fact]
    public void DefaultSchedule_IsTenAttemptsOverAboutThreeDays()
    {
        var schedule = new DeliveryOptions().ParseRetrySchedule();
        Assert.Equal(9, schedule.Count);
        var total = schedule.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Assert.InRange(total.TotalDays, 2.9, 3.3);
    }

    [Fact]
    public void NextDelay_FollowsScheduleThenGivesUp()
    {
        var policy = new RetryPolicy(s_schedule, jitter: 0, random: () => 0.5);
        Assert.Equal(TimeSpan.FromSeconds(5), policy.NextDelay(1, null));
        Assert.Equal(TimeSpan.FromMinutes(5), policy.NextDelay(2, null));
        Assert.Equal(TimeSpan.FromMinutes(30), policy.NextDelay(3, null));
        Assert.Null(policy.NextDelay(4, null));
        Assert.Equal(4, policy.MaxAttempts);
    }

    [Theory]
    [InlineData(0.0, 4.0)]
    [InlineData(1.0, 6.0)]
    public void NextDelay_AppliesJitterBounds(double random, double seconds)
    {
        var policy = new RetryPolicy(s_schedule, jitter: 0.2, random: () => random);
        Assert.Equal(seconds, policy.NextDelay(1, null)!.Value.TotalSeconds, 3);
    }

    [Fact]
    public void NextDelay_RetryAfterLonger_IsHonouredUpToTwiceTheSchedule()
    {
        var policy = new RetryPolicy(s_schedule, jitter: 0, random: () => 0.5);
        Assert.Equal(TimeSpan.FromSeconds(8), policy.NextDelay(1, TimeSpan.FromSeconds(8)));
        Assert.Equal(TimeSpan.FromSeconds(10), policy.NextDelay(1, TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.NextDelay(1, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void ParseRetrySchedule_RejectsGarbage()
    {
        Assert.Throws<FormatException>(() => new DeliveryOptions { RetrySchedule = "00:00:01,soon" }.ParseRetrySchedule());
    }
}
