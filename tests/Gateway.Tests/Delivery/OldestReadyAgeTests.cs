using Gateway.Delivery.Queue;
using Gateway.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Delivery;

/// <summary>The wait that <c>gateway_queue_oldest_ready_age_seconds</c> reports, read from a real queue with no workers.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class OldestReadyAgeTests(RedisFixture store) : IAsyncLifetime
{
    private readonly GatewayFactory _factory = new(store);
    private readonly string _endpoint = "ep_" + Guid.NewGuid().ToString("N")[..12];
    private DeliveryQueue _queue = null!;

    public Task InitializeAsync()
    {
        _queue = _factory.Services.GetRequiredService<DeliveryQueue>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task EmptyQueue_IsZero()
    {
        Assert.Equal(TimeSpan.Zero, await _queue.OldestReadyAgeAsync(_endpoint, 5_000_000));
    }

    [Fact]
    public async Task ReadyMessage_NeverAttempted_WaitsSinceIngestion()
    {
        await EnqueueAsync("msg_a", ingestedMs: 1_000_000, attempts: 0, dueMs: 0);
        await EnqueueAsync("msg_b", ingestedMs: 1_050_000, attempts: 0, dueMs: 0);

        Assert.Equal(TimeSpan.FromSeconds(60), await _queue.OldestReadyAgeAsync(_endpoint, 1_060_000));
    }

    [Fact]
    public async Task ScheduledMessage_WaitsSinceDue_OnlyOnceDue()
    {
        await EnqueueAsync("msg_retry", ingestedMs: 1_000_000, attempts: 1, dueMs: 2_000_000);

        Assert.Equal(TimeSpan.Zero, await _queue.OldestReadyAgeAsync(_endpoint, 1_999_000));
        Assert.Equal(TimeSpan.FromSeconds(30), await _queue.OldestReadyAgeAsync(_endpoint, 2_030_000));
    }

    [Fact]
    public async Task ReadyAndDue_TheLongerWaitWins()
    {
        await EnqueueAsync("msg_ready", ingestedMs: 1_990_000, attempts: 0, dueMs: 0);
        await EnqueueAsync("msg_due", ingestedMs: 1_000_000, attempts: 2, dueMs: 2_000_000);

        Assert.Equal(TimeSpan.FromSeconds(40), await _queue.OldestReadyAgeAsync(_endpoint, 2_030_000));
    }

    [Fact]
    public async Task RetryBackInTheReadyList_IsNotJudgedByItsIngestionTime()
    {
        await EnqueueAsync("msg_retried", ingestedMs: 1_000, attempts: 3, dueMs: 0);

        Assert.Equal(TimeSpan.Zero, await _queue.OldestReadyAgeAsync(_endpoint, 9_000_000));
    }

    private Task EnqueueAsync(string messageId, long ingestedMs, int attempts, long dueMs) =>
        _queue.EnqueueAsync(_endpoint, messageId, new QueuedMessage(0, "evt_" + messageId, "order.completed", ingestedMs, attempts, attempts > 0 ? ingestedMs : 0), dueMs);
}
