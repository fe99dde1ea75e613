using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Destinations;

/// <summary>A RabbitMQ endpoint whose messages cannot be routed: retried on the (short) schedule, dead-lettered, replayed.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqDeadLetterTests(RedisFixture store, RabbitMqFixture broker) : DeliveryTestBase(store)
{
    [Fact]
    public async Task Unroutable_IsRetried_ThenDeadLettered_AndReplayDeliversOnceRouted()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"gw-{suffix}", $"q-{suffix}");
        await broker.DeclareAsync(exchange, queue, "bound.only");
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = (await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "rabbitmq",
            eventTypes = new[] { "*" },
            rabbitmq = new { url = broker.Url, exchange, routingKey = "late.{type}" },
        })).GetProperty("id").GetString()!;

        await SendAsync(tenant);

        var dead = await DestinationTestHelpers.WaitForDeadLetterAsync(tenant, endpoint);
        Assert.Equal(4, dead.GetProperty("attempts").GetInt32()); // the first and the schedule's 3 retries
        Assert.Contains("unroutable", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        var attempts = await DestinationTestHelpers.AttemptsAsync(tenant, endpoint);
        Assert.All(attempts, a => Assert.Equal("broker_rejected", a.GetProperty("outcome").GetString()));
        Assert.Empty(await broker.DrainAsync(queue));

        await broker.DeclareAsync(exchange, queue, "late.#"); // now it routes
        await DestinationTestHelpers.ReplayAsync(tenant, dead.GetProperty("id").GetString()!);

        var message = Assert.Single(await broker.WaitForAsync(queue, 1));
        Assert.Equal(dead.GetProperty("id").GetString(), message.BasicProperties.MessageId);
        await tenant.WaitForIdleAsync(endpoint); // settled: no second publish of the replay can still come
        Assert.Empty(await broker.DrainAsync(queue)); // once
    }

    [Fact]
    public async Task MissingExchange_ClosesTheChannel_IsRetriedAndTheNextPublishReconnects()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"gw-{suffix}", $"q-{suffix}");
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = (await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "rabbitmq",
            eventTypes = new[] { "*" },
            rabbitmq = new { url = broker.Url, exchange, routingKey = "k" },
        })).GetProperty("id").GetString()!;

        await SendAsync(tenant);
        var dead = await DestinationTestHelpers.WaitForDeadLetterAsync(tenant, endpoint);
        Assert.Contains("404", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);

        await broker.DeclareAsync(exchange, queue, "k");
        await DestinationTestHelpers.ReplayAsync(tenant, dead.GetProperty("id").GetString()!);
        Assert.Single(await broker.WaitForAsync(queue, 1));
    }
}
