using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Dispatch;

/// <summary>When to try again: the configured schedule with jitter, stretched by a <c>Retry-After</c> within bounds.</summary>
public sealed class RetryPolicy
{
    private readonly IReadOnlyList<TimeSpan> _schedule;
    private readonly double _jitter;
    private readonly Func<double> _random;

    public RetryPolicy(IOptions<DeliveryOptions> options)
        : this(options.Value.ParseRetrySchedule(), options.Value.Jitter, Random.Shared.NextDouble)
    {
    }

    public RetryPolicy(IReadOnlyList<TimeSpan> schedule, double jitter, Func<double> random)
    {
        _schedule = schedule;
        _jitter = jitter;
        _random = random;
    }

    /// <summary>Attempts in all: the first plus one per schedule entry.</summary>
    public int MaxAttempts => _schedule.Count + 1;

    /// <summary>The delay before the next attempt after <paramref name="attemptsMade"/> failed ones, or null when none are left.</summary>
    public TimeSpan? NextDelay(int attemptsMade, TimeSpan? retryAfter)
    {
        if (attemptsMade >= MaxAttempts)
        {
            return null;
        }

        var scheduled = _schedule[attemptsMade - 1];
        var delay = scheduled * (1 + (_jitter * ((_random() * 2) - 1)));
        if (retryAfter is { } asked && asked > delay)
        {
            // Honour Retry-After, bounded to between the scheduled delay and twice it (at least 1 s of room).
            var ceiling = TimeSpan.FromTicks(Math.Max(scheduled.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            delay = asked < ceiling ? asked : ceiling;
        }

        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }
}
