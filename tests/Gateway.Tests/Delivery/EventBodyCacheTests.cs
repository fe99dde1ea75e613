using Gateway.Delivery.Dispatch;

namespace Gateway.Tests.Delivery;

public sealed class EventBodyCacheTests
{
    [Fact]
    public void Add_BeyondCapacity_DropsTheOldestAndStaysBounded()
    {
        var cache = new EventBodyCache(capacity: 3, maxBodyBytes: 16);
        for (var i = 0; i < 10; i++)
        {
            cache.Add($"evt_{i}", [(byte)i]);
        }

        Assert.Equal(3, cache.Count);
        Assert.False(cache.TryGet("evt_0", out _));
        Assert.True(cache.TryGet("evt_9", out var body));
        Assert.Equal([(byte)9], body);
    }

    [Fact]
    public void Add_BodyOverTheSizeLimit_IsNotKept()
    {
        var cache = new EventBodyCache(capacity: 3, maxBodyBytes: 4);
        cache.Add("evt_big", new byte[5]);
        Assert.False(cache.TryGet("evt_big", out _));
        Assert.Equal(0, cache.Count);
    }
}
