using System.Net.Http.Json;
using System.Globalization;
using System.Text;
using Gateway.Delivery.Signing;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;
using RabbitMQ.Client;

namespace Gateway.Tests.Destinations;

/// <summary>RabbitMQ endpoints against Debian's rabbitmq-server on loopback: confirmed publishes, headers, retries, restarts.</summary>
[Collection(RabbitMqCollection.Name)]
public sealed class RabbitMqDestinationTests(RedisFixture store, RabbitMqFixture broker) : DeliveryTestBase(store)
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        // Long enough to outlast a broker restart: 20 retries a second apart.
        ["Delivery:RetrySchedule"] = string.Join(',', Enumerable.Repeat("00:00:01", 20)),
        ["Delivery:ConnectTimeout"] = "00:00:02",
    };

    [Fact]
    public async Task Publish_IsConfirmed_WithBodyRoutingKeyAndStandardWebhooksHeaders()
    {
        var (exchange, queue) = await DeclareAsync("orders.#");
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await CreateAsync(tenant, exchange, "orders.{type}.{objectId}");
        Assert.Equal($"amqp://127.0.0.1:{broker.Port}/", endpoint.GetProperty("url").GetString());
        Assert.DoesNotContain("guest", endpoint.GetRawText(), StringComparison.Ordinal);
        var order = Events.Order();

        await SendAsync(tenant, order);

        var message = Assert.Single(await broker.WaitForAsync(queue, 1));
        var body = message.Body.ToArray();
        Assert.Equal(order["objectId"]!.GetValue<string>(), System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("objectId").GetString());
        Assert.Equal($"orders.order.completed.{order["objectId"]}", message.RoutingKey);
        var headers = message.BasicProperties.Headers!;
        var id = Header(headers, "webhook-id");
        var timestamp = long.Parse(Header(headers, "webhook-timestamp"), CultureInfo.InvariantCulture);
        var signature = Header(headers, "webhook-signature");
        Assert.Equal(id, message.BasicProperties.MessageId);
        Assert.Equal(DeliveryModes.Persistent, message.BasicProperties.DeliveryMode);
        var secret = endpoint.GetProperty("secret").GetString()!;
        Assert.Equal(signature, WebhookSigner.Sign(Convert.FromBase64String(secret["whsec_".Length..]), id, timestamp, body));
        // An independent Standard Webhooks implementation agrees.
        new StandardWebhooks.StandardWebhook(secret).Verify(Encoding.UTF8.GetString(body), new Microsoft.AspNetCore.Http.HeaderDictionary
        {
            ["webhook-id"] = id,
            ["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = signature,
        });
        var attempt = Assert.Single(await DestinationTestHelpers.AttemptsAsync(tenant, endpoint.GetProperty("id").GetString()!));
        Assert.Equal("success", attempt.GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task BrokerRestart_MessagesAreRetried_NoneLost()
    {
        var (exchange, queue) = await DeclareAsync("restart.#");
        var tenant = await Factory.CreateTenantAsync();
        await CreateAsync(tenant, exchange, "restart.{objectId}");
        var sent = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            sent.Add((await SendEventAsync(tenant)).ObjectId);
        }

        var first = await broker.WaitForAsync(queue, 10);
        await broker.RestartAsync(TimeSpan.FromSeconds(2));
        // Sent while the broker was down and coming back: published once it answers again.
        for (var i = 0; i < 10; i++)
        {
            sent.Add((await SendEventAsync(tenant)).ObjectId);
        }

        // Delivery is at least once: a publish whose confirm the restart cut off is sent again, so the second take
        // may hold a copy of a first-round message; it ends when every order is in, not at a count.
        static string OrderOf(BasicGetResult message) => message.RoutingKey["restart.".Length..];
        var second = await broker.WaitUntilAsync(queue, taken => sent.All(id => first.Concat(taken).Any(m => OrderOf(m) == id)), TimeSpan.FromSeconds(60));

        var received = first.Concat(second).Select(OrderOf).ToList();
        Assert.Empty(sent.Except(received)); // 0 lost
        Assert.Equal(sent.Count, received.Distinct().Count());
    }

    [Fact]
    public async Task SendTest_RabbitMqEndpoint_PublishesTheTypesExample_Confirmed()
    {
        var (exchange, queue) = await DeclareAsync("test.#");
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await CreateAsync(tenant, exchange, "test.{type}");
        var id = endpoint.GetProperty("id").GetString()!;

        using var response = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{id}/test", new { eventType = "order.completed" });

        var sent = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, sent.ToString());
        var message = Assert.Single(await broker.WaitForAsync(queue, 1));
        Assert.Equal("test.order.completed", message.RoutingKey);
        Assert.Equal(sent.GetProperty("messageId").GetString(), Header(message.BasicProperties.Headers!, "webhook-id"));
        Assert.Equal("completed", System.Text.Json.JsonDocument.Parse(message.Body.ToArray()).RootElement.GetProperty("type").GetString());
        // The consumer may see the message before the gateway has logged the confirm.
        var attempts = await DestinationTestHelpers.AttemptsAsync(tenant, id);
        for (var i = 0; i < 100 && attempts.Count == 0; i++)
        {
            await Task.Delay(50);
            attempts = await DestinationTestHelpers.AttemptsAsync(tenant, id);
        }

        var attempt = Assert.Single(attempts);
        Assert.Equal("success", attempt.GetProperty("outcome").GetString());
    }

    private async Task<(string ObjectId, string EventId)> SendEventAsync(TenantClient tenant)
    {
        var order = Events.Order();
        var id = await SendAsync(tenant, order);
        return (order["objectId"]!.GetValue<string>(), id);
    }

    private async Task<(string Exchange, string Queue)> DeclareAsync(string bindingKey)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"gw-{suffix}", $"q-{suffix}");
        await broker.DeclareAsync(exchange, queue, bindingKey);
        return (exchange, queue);
    }

    private Task<System.Text.Json.JsonElement> CreateAsync(TenantClient tenant, string exchange, string routingKey) =>
        DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "rabbitmq",
            eventTypes = new[] { "*" },
            rabbitmq = new { url = broker.Url, exchange, routingKey },
        });

    private static string Header(IDictionary<string, object?> headers, string name) =>
        headers[name] is byte[] bytes ? Encoding.UTF8.GetString(bytes) : throw new InvalidOperationException($"{name} is not a string header");
}
