using System.Globalization;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Orders;

namespace Gateway.Tests.Destinations;

/// <summary>
/// The issue's "done when": one order moved to Completed through the order-status API reaches an HTTP endpoint, a
/// RabbitMQ queue and three SMTP recipients (To, Cc, Bcc), each exactly once, on real servers.
/// </summary>
[Collection(RabbitMqCollection.Name)]
public sealed class OrderNotificationTests(RedisFixture store, RabbitMqFixture broker) : OrdersTestBase(store), IDisposable
{
    private readonly SmtpSink _smtp = SmtpSink.Start();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Email:SupportContact"] = "support@shop.example",
    };

    public void Dispose() => _smtp.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Fact]
    public async Task OrderCompleted_ReachesHttpRabbitMqAndThreeSmtpRecipients_EachOnce()
    {
        var tenant = await Factory.CreateTenantAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (exchange, queue) = ($"orders-{suffix}", $"notifications-{suffix}");
        await broker.DeclareAsync(exchange, queue, "order.#");
        var completedOnly = new Dictionary<string, object> { ["order.status"] = "Completed" };
        var (httpId, _) = await CreateEndpointAsync(tenant, Receiver.Url("/orders"), new { eventTypes = new[] { "order.statusChanged" }, filter = completedOnly });
        var rabbit = await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "rabbitmq",
            eventTypes = new[] { "order.statusChanged" },
            filter = completedOnly,
            rabbitmq = new { url = broker.Url, exchange, routingKey = "{type}.{objectId}" },
        });
        var email = await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "email",
            eventTypes = new[] { "order.statusChanged" },
            filter = completedOnly,
            email = new
            {
                from = "Shop <orders@shop.example>",
                to = new[] { "/order/customer/email" },
                cc = new[] { "reseller@partner.example" },
                bcc = new[] { "audit@shop.example" },
                subject = "Your order {{ order.id }} is {{ order.status }}",
            },
        });
        var orderId = NewOrderId();
        await PutStatusAsync(tenant.Http, orderId, Details(Status("In Progress")));

        var reply = await PutStatusAsync(tenant.Http, orderId, Status("Completed", "all licences issued"));

        Assert.True(reply.Status == System.Net.HttpStatusCode.OK, reply.ToString());
        var http = (await Receiver.WaitForAsync(r => r.Count >= 1)).Single();
        var published = await broker.WaitForAsync(queue, 1);
        var mail = (await _smtp.WaitForAsync(m => m.Count >= 1)).Single();
        // Once every endpoint's queue is idle, a duplicate would have been sent.
        foreach (var endpointId in new[] { httpId, rabbit.GetProperty("id").GetString()!, email.GetProperty("id").GetString()! })
        {
            await tenant.WaitForIdleAsync(endpointId);
        }

        published.AddRange(await broker.DrainAsync(queue));

        Assert.Single(Receiver.Requests);
        Assert.Equal("Completed", JsonDocument.Parse(http.Body).RootElement.GetProperty("order").GetProperty("status").GetString());
        var message = Assert.Single(published);
        Assert.Equal($"order.statusChanged.{orderId}", message.RoutingKey);
        Assert.Equal(orderId, JsonDocument.Parse(message.Body.ToArray()).RootElement.GetProperty("objectId").GetString());
        Assert.Single(_smtp.Messages);
        Assert.Equal(["ada@example.com", "audit@shop.example", "reseller@partner.example"], mail.EnvelopeTo.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("ada@example.com", Assert.Single(mail.Message.To.Mailboxes).Address);
        Assert.Equal("reseller@partner.example", Assert.Single(mail.Message.Cc.Mailboxes).Address);
        Assert.DoesNotContain("audit@shop.example", mail.Message.ToString(), StringComparison.Ordinal);
        Assert.Equal($"Your order {orderId} is Completed", mail.Message.Subject);
        var text = mail.Message.TextBody!;
        Assert.Contains("Hello Ada Lovelace", text, StringComparison.Ordinal);
        Assert.Contains("is complete", text, StringComparison.Ordinal);
        Assert.Contains("Analytical Engine × 2: 12.5", text, StringComparison.Ordinal);
        Assert.Contains("all licences issued", text, StringComparison.Ordinal);
        Assert.Contains("support@shop.example", text, StringComparison.Ordinal);
        Assert.Contains("<td>Analytical Engine</td>", mail.Message.HtmlBody!, StringComparison.Ordinal);
    }
}
