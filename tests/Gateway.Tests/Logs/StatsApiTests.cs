using System.Text.Json;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Gateway.Tests.Logs;

/// <summary>Counts per endpoint and per tenant, all-time and over a date range; the activity series. They run the
/// queue scripts' counting, dead-letter and blocked-log paths, so they run on Redis and on Garnet.</summary>
public abstract class StatsApiTests(StoreFixture store) : DeliveryTestBase(store)
{
    private const string Blocklist = """{"$customerEmail": {"nlike": ["*@spam.com"]}}""";

    [Fact]
    public async Task Stats_SentFailedDeadAndFiltered_CountedPerEndpointAndTenant()
    {
        Receiver.Respond = (r, _) => Task.FromResult(r.Path == "/down" ? Results.StatusCode(500) : Results.Ok());
        var tenant = await Factory.CreateTenantAsync();
        var (ok, _) = await CreateEndpointAsync(tenant, Receiver.Url("/ok"), new { filter = JsonDocument.Parse(Blocklist).RootElement });
        var (down, _) = await CreateEndpointAsync(tenant, Receiver.Url("/down"));
        await SendAsync(tenant, Events.Order(email: "ada@example.com"));
        await SendAsync(tenant, Events.Order(email: "ada@example.com"));
        await SendAsync(tenant, Events.Order(email: "eve@spam.com"));

        // /down: 3 events × (1 attempt + 3 retries) fail, then 3 dead letters.
        var downStats = await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{down}/stats"), s => s.Long("deadLettered") == 3);
        var okStats = await tenant.GetAsync($"/v1/endpoints/{ok}/stats");

        Assert.Equal((2, 0, 0, 1, 0), (okStats.Long("sent"), okStats.Long("failedAttempts"), okStats.Long("deadLettered"), okStats.Long("filtered"), okStats.Long("pending")));
        Assert.Equal((0, 12, 3, 0, 3), (downStats.Long("sent"), downStats.Long("failedAttempts"), downStats.Long("deadLettered"), downStats.Long("filtered"), downStats.Long("deadLetters")));
        // The default range (the last 7 days) holds everything that just happened.
        var range = okStats.GetProperty("range");
        Assert.Equal((2, 1), (range.Long("sent"), range.Long("filtered")));

        var summary = await tenant.GetAsync("/v1/stats/summary");
        var allTime = summary.GetProperty("allTime");
        Assert.Equal(2, summary.Long("endpoints"));
        Assert.Equal((2, 12, 3, 1, 3), (allTime.Long("sent"), allTime.Long("failedAttempts"), allTime.Long("deadLettered"), allTime.Long("filtered"), allTime.Long("deadLetters")));
        var inRange = summary.GetProperty("range");
        Assert.Equal((2, 12, 3, 1), (inRange.Long("sent"), inRange.Long("failedAttempts"), inRange.Long("deadLettered"), inRange.Long("filtered")));

        // A range before any of it counts nothing; all-time is unchanged.
        var past = await tenant.GetAsync("/v1/stats/summary?from=2020-01-01&to=2020-01-08");
        Assert.Equal(0, past.GetProperty("range").Long("sent") + past.GetProperty("range").Long("failedAttempts") + past.GetProperty("range").Long("filtered"));
        Assert.Equal(2, past.GetProperty("allTime").Long("sent"));
    }

    [Fact]
    public async Task Stats_EndpointDeleted_TenantKeepsItsCounts()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, _) = await CreateEndpointAsync(tenant, Receiver.Url("/ok"));
        await SendAsync(tenant);
        await EventuallyAsync(() => tenant.GetAsync($"/v1/endpoints/{endpoint}/stats"), s => s.Long("sent") == 1);

        Assert.True((await tenant.Http.DeleteAsync($"/v1/endpoints/{endpoint}")).IsSuccessStatusCode);

        var summary = await tenant.GetAsync("/v1/stats/summary");
        Assert.Equal(0, summary.Long("endpoints"));
        Assert.Equal(1, summary.GetProperty("allTime").Long("sent"));
        Assert.Equal(1, summary.GetProperty("range").Long("sent"));
        var activity = await tenant.GetAsync($"/v1/stats?granularity=hour&from={Q(DateTimeOffset.UtcNow.AddHours(-2))}");
        Assert.Equal(1, activity.GetProperty("totals").Long("sent"));
    }

    [Fact]
    public async Task Activity_HourAndDayBuckets_ZeroFilledAndSummedFromHourlyCounts()
    {
        var tenant = await Factory.CreateTenantAsync();
        var (endpoint, _) = await CreateEndpointAsync(tenant, Receiver.Url("/ok"));
        var day = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero).AddDays(-3);
        await PlantAsync(endpoint, (Hour(day, 1), "sent", 2), (Hour(day, 2), "failed", 1), (Hour(day, 25), "filtered", 3), (Hour(day, 26), "dead", 1), (Hour(day, 26), "failed", 4));

        var hourly = await tenant.GetAsync($"/v1/endpoints/{endpoint}/stats/activity?granularity=hour&from={Q(day)}&to={Q(day.AddHours(3))}");
        var series = hourly.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal("hour", hourly.GetProperty("granularity").GetString());
        Assert.Equal(3, series.Count);
        Assert.Equal([day, day.AddHours(1), day.AddHours(2)], series.Select(b => b.GetProperty("start").GetDateTimeOffset()));
        Assert.Equal([0L, 2, 0], series.Select(b => b.Long("sent")));
        Assert.Equal([0L, 0, 1], series.Select(b => b.Long("failedAttempts")));
        Assert.All(series, b => Assert.Equal(0, b.Long("filtered") + b.Long("deadLettered")));

        var daily = await tenant.GetAsync($"/v1/stats?granularity=day&from={Q(day)}&to={Q(day.AddDays(3))}");
        var days = daily.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(3, days.Count);
        Assert.Equal([(2L, 1L, 0L, 0L), (0, 4, 3, 1), (0, 0, 0, 0)], days.Select(b => (b.Long("sent"), b.Long("failedAttempts"), b.Long("filtered"), b.Long("deadLettered"))));
        Assert.Equal((2, 5, 3, 1), (daily.GetProperty("totals").Long("sent"), daily.GetProperty("totals").Long("failedAttempts"), daily.GetProperty("totals").Long("filtered"), daily.GetProperty("totals").Long("deadLettered")));

        // Ranges are hour-granular: from is floored and to ceiled to whole buckets.
        var aligned = await tenant.GetAsync($"/v1/endpoints/{endpoint}/stats/activity?granularity=hour&from={Q(day.AddMinutes(70))}&to={Q(day.AddMinutes(130))}");
        Assert.Equal(day.AddHours(1), aligned.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(day.AddHours(3), aligned.GetProperty("to").GetDateTimeOffset());
        Assert.Equal(2, aligned.GetProperty("totals").Long("sent"));

        var ranged = await tenant.GetAsync($"/v1/endpoints/{endpoint}/stats?from={Q(day.AddDays(1))}&to={Q(day.AddDays(2))}");
        Assert.Equal((0, 4, 3), (ranged.GetProperty("range").Long("sent"), ranged.GetProperty("range").Long("failedAttempts"), ranged.GetProperty("range").Long("filtered")));
    }

    [Fact]
    public async Task Activity_Defaults_LastSevenDaysByDayEndingWithToday()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, Receiver.Url("/ok"));
        await SendAsync(tenant);

        var activity = await EventuallyAsync(() => tenant.GetAsync("/v1/stats"), a => a.GetProperty("totals").Long("sent") == 1);

        var series = activity.GetProperty("series").EnumerateArray().ToList();
        var today = new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero);
        Assert.Equal("day", activity.GetProperty("granularity").GetString());
        Assert.Equal(7, series.Count);
        Assert.Equal(today.AddDays(-6), series[0].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(today, series[^1].GetProperty("start").GetDateTimeOffset());
        Assert.Equal(1, series[^1].Long("sent"));
        Assert.All(series.Take(6), b => Assert.Equal(0, b.Long("sent")));
    }

    private async Task PlantAsync(string endpointId, params (long Hour, string Kind, long Count)[] counts)
    {
        var db = Factory.Store.Database;
        foreach (var (hour, kind, count) in counts)
        {
            await db.HashIncrementAsync(Factory.Store.Keys.Activity(endpointId), $"{hour}:{kind}", count);
        }
    }

    private static long Hour(DateTimeOffset start, int hours) => (start.ToUnixTimeSeconds() / 3600) + hours;

    private static string Q(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O"));
}

[Collection(RedisApiCollection.Name)]
public sealed class StatsOnRedisTests(RedisFixture store) : StatsApiTests(store);

[Collection(GarnetCollection.Name)]
public sealed class StatsOnGarnetTests(GarnetFixture store) : StatsApiTests(store);

[Collection(ClusterCollection.Name)]
public sealed class StatsOnClusterTests(ClusterFixture store) : StatsApiTests(store);
