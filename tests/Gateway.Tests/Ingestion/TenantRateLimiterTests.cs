using System.Net;
using System.Net.Http.Json;
using Gateway.Ingestion;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Ingestion;

/// <summary>The tenant rate limit's GCRA, in Redis, driven by a fake clock.</summary>
public abstract class TenantRateLimiterTests(StoreFixture store) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private GatewayFactory _factory = null!;

    private TenantRateLimiter Limiter => _factory.Services.GetRequiredService<TenantRateLimiter>();

    public Task InitializeAsync()
    {
        _factory = new GatewayFactory(store, new Dictionary<string, string?> { ["Gateway:TenantEventsPerSecond"] = "10" }, _clock);
        _ = _factory.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Acquire_FullBucket_AllowsOneSecondOfBurstThenRefusesWithTheWait()
    {
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await Limiter.TryAcquireAsync("t1", 1)).Allowed, $"event {i} of the burst");
        }

        var refused = await Limiter.TryAcquireAsync("t1", 1);

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(100), refused.RetryAfter);
        Assert.Equal("1", refused.RetryAfterSeconds);
    }

    [Fact]
    public async Task Acquire_AfterTheWait_AllowsExactlyWhatTheRateRefilled()
    {
        Assert.True((await Limiter.TryAcquireAsync("t2", 10)).Allowed);
        Assert.False((await Limiter.TryAcquireAsync("t2", 1)).Allowed);

        _clock.Advance(TimeSpan.FromMilliseconds(300));

        Assert.True((await Limiter.TryAcquireAsync("t2", 3)).Allowed);
        Assert.False((await Limiter.TryAcquireAsync("t2", 1)).Allowed);
    }

    [Fact]
    public async Task Acquire_LongIdle_RefillsOnlyUpToTheBurst()
    {
        Assert.True((await Limiter.TryAcquireAsync("t3", 10)).Allowed);

        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.True((await Limiter.TryAcquireAsync("t3", 10)).Allowed);
        Assert.False((await Limiter.TryAcquireAsync("t3", 1)).Allowed);
    }

    [Fact]
    public async Task Acquire_RefusedBatch_TakesNothing()
    {
        Assert.True((await Limiter.TryAcquireAsync("t4", 8)).Allowed);

        var refused = await Limiter.TryAcquireAsync("t4", 5);

        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromMilliseconds(300), refused.RetryAfter);
        Assert.True((await Limiter.TryAcquireAsync("t4", 2)).Allowed);
    }

    [Fact]
    public async Task Acquire_TenantsHaveTheirOwnBudgets()
    {
        Assert.True((await Limiter.TryAcquireAsync("t5", 10)).Allowed);

        Assert.True((await Limiter.TryAcquireAsync("t6", 10)).Allowed);
        Assert.False((await Limiter.TryAcquireAsync("t5", 1)).Allowed);
    }

    [Fact]
    public async Task Ingest_OverTheLimit_Is429WithRetryAfter()
    {
        var tenant = await _factory.CreateTenantAsync();
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order("completed"))).StatusCode);
        }

        var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order("completed"));

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }
}

[Collection(RedisCollection.Name)]
public sealed class TenantRateLimiterOnRedisTests(RedisFixture store) : TenantRateLimiterTests(store);

[Collection(GarnetCollection.Name)]
public sealed class TenantRateLimiterOnGarnetTests(GarnetFixture store) : TenantRateLimiterTests(store);
