using StackExchange.Redis;

namespace Floor;

/// <summary>
/// Trims the floor's list once a second, so a long run does not fill Redis's memory with bodies nobody reads;
/// one command a second against thousands of LPUSHes is outside the measurement.
/// </summary>
internal sealed class ListTrimmer(IConnectionMultiplexer redis, TimeProvider time) : BackgroundService
{
    private const long Keep = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await redis.GetDatabase().ListTrimAsync(FloorEndpoint.Key, 0, Keep - 1);
        }
    }
}
