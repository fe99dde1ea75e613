using System.Net.Http.Json;
using System.Globalization;
using Gateway.Tests.Delivery;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Destinations;

/// <summary>E-mail endpoints against a real SMTP server on loopback: headers, envelope, bodies, retries, dead letters.</summary>
[Collection(RedisDeliveryCollection.Name)]
public sealed class EmailDestinationTests(RedisFixture store) : DeliveryTestBase(store), IDisposable
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
    public async Task Email_ToCcBcc_HasHeadersRecipientsAndBothBodies_BccOnlyInTheEnvelope()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "email",
            eventTypes = new[] { "order.completed" },
            email = new
            {
                from = "Shop <orders@shop.example>",
                to = new[] { "/order/customer/email" },
                cc = new[] { "reseller@partner.example" },
                bcc = new[] { "audit@shop.example" },
                subject = "Order {{ order.id }} for {{ order.customer.name }}",
                text = "Hello {{ order.customer.name }}, {{ order.items.size }} item(s).",
                html = "<p>Hello {{ order.customer.name }}</p>",
            },
        });
        Assert.Equal("email", endpoint.GetProperty("kind").GetString());
        var order = Events.Order(email: "ada@example.com");
        order["order"]!["customer"]!["name"] = "Ada <Lovelace>";
        await SendAsync(tenant, order);

        var mail = (await _smtp.WaitForAsync(m => m.Count >= 1)).Single();

        var orderId = order["objectId"]!.GetValue<string>();
        Assert.Equal("orders@shop.example", mail.EnvelopeFrom);
        Assert.Equal(["ada@example.com", "audit@shop.example", "reseller@partner.example"], mail.EnvelopeTo.Order(StringComparer.Ordinal).ToArray());
        Assert.Equal("ada@example.com", Assert.Single(mail.Message.To.Mailboxes).Address);
        Assert.Equal("reseller@partner.example", Assert.Single(mail.Message.Cc.Mailboxes).Address);
        Assert.Empty(mail.Message.Bcc);
        Assert.DoesNotContain("audit@shop.example", mail.Message.ToString(), StringComparison.Ordinal);
        Assert.Equal($"Order {orderId} for Ada <Lovelace>", mail.Message.Subject);
        Assert.Equal("Hello Ada <Lovelace>, 1 item(s).", mail.Message.TextBody!.Trim());
        Assert.Equal("<p>Hello Ada &lt;Lovelace&gt;</p>", mail.Message.HtmlBody!.Trim());
        var messageId = mail.Message.Headers["X-Webhook-Id"];
        Assert.StartsWith("msg_", messageId, StringComparison.Ordinal);
        Assert.Equal($"{messageId}@shop.example", mail.Message.MessageId);

        var attempts = await DestinationTestHelpers.AttemptsAsync(tenant, endpoint.GetProperty("id").GetString()!);
        var attempt = Assert.Single(attempts);
        Assert.Equal("success", attempt.GetProperty("outcome").GetString());
        Assert.Contains(mail.Message.MessageId!, attempt.GetProperty("response").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_TransientReply_IsRetriedAndDeliveredOnce()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await CreateEmailAsync(tenant);
        _smtp.Replies.Enqueue((451, "4.3.0 try again later"));

        await SendAsync(tenant, Events.Order(email: "ada@example.com"));

        var mail = (await _smtp.WaitForAsync(m => m.Count >= 1)).Single();
        Assert.Equal([451, 250], _smtp.Answers.ToArray());
        var attempts = await WaitForAttemptsAsync(tenant, endpoint, 2);
        Assert.Equal(["smtp_4xx", "success"], attempts.Select(a => a.GetProperty("outcome").GetString()!).ToArray());
        Assert.Equal(451, attempts[0].GetProperty("statusCode").GetInt32());
        Assert.Contains("try again later", attempts[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(mail.Message.MessageId, Assert.Single(_smtp.Messages).Message.MessageId);
    }

    [Fact]
    public async Task Email_PermanentReply_IsDeadLetteredAtOnceWithTheReply_AndReplayDelivers()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await CreateEmailAsync(tenant);
        _smtp.Replies.Enqueue((550, "5.1.1 mailbox unavailable"));

        await SendAsync(tenant, Events.Order(email: "ada@example.com"));

        var dead = await DestinationTestHelpers.WaitForDeadLetterAsync(tenant, endpoint);
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32()); // permanent: no retry spent on it
        Assert.Equal(550, dead.GetProperty("lastStatus").GetInt32());
        Assert.Contains("mailbox unavailable", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(_smtp.Messages);

        await DestinationTestHelpers.ReplayAsync(tenant, dead.GetProperty("id").GetString()!);

        var mail = (await _smtp.WaitForAsync(m => m.Count >= 1)).Single();
        Assert.Equal(dead.GetProperty("id").GetString(), mail.Message.Headers["X-Webhook-Id"]);
    }

    [Fact]
    public async Task Email_PointerNamingNoAddress_IsDeadLetteredAsUnsendable()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await CreateEmailAsync(tenant);

        await SendAsync(tenant, Events.Order()); // no order.customer.email

        var dead = await DestinationTestHelpers.WaitForDeadLetterAsync(tenant, endpoint);
        Assert.Equal(1, dead.GetProperty("attempts").GetInt32());
        Assert.Contains("/order/customer/email names no e-mail address", dead.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Empty(_smtp.Answers);
    }

    [Fact]
    public async Task Email_WithoutBodies_UsesTheReadyMadeTemplate_WithItemsCappedAndSupportContact()
    {
        var tenant = await Factory.CreateTenantAsync();
        await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "email",
            eventTypes = new[] { "order.completed" },
            maxItems = 1,
            email = new { from = "orders@shop.example", to = new[] { "/order/customer/email" }, subject = "Your order" },
        });
        var order = Events.Order(email: "ada@example.com", items: 3);

        await SendAsync(tenant, order);

        var mail = (await _smtp.WaitForAsync(m => m.Count >= 1)).Single();
        Assert.Contains("Hello Ada Lovelace", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("support@shop.example", mail.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("support@shop.example", mail.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(1, mail.Message.TextBody!.Split('\n').Count(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SendTest_EmailEndpoint_QueuesTheTypesExample_AndTheRelayGetsIt()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await CreateEmailAsync(tenant);
        var example = await DestinationTestHelpers.GetAsync(tenant, "/v1/event-types/order.completed/example");

        using var response = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{endpoint}/test", new { eventType = "order.completed" });

        var sent = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, sent.ToString());
        Assert.True(sent.GetProperty("queued").GetBoolean());
        var mail = (await _smtp.WaitForAsync(m => m.Count >= 1)).Single();
        Assert.Equal(sent.GetProperty("messageId").GetString(), mail.Message.Headers["X-Webhook-Id"]);
        Assert.Equal([example.GetProperty("order").GetProperty("customer").GetProperty("email").GetString()!], mail.EnvelopeTo);
        Assert.Equal($"Order {example.GetProperty("order").GetProperty("id").GetString()}", mail.Message.Subject);
        var attempt = Assert.Single(await WaitForAttemptsAsync(tenant, endpoint, 1));
        Assert.Equal("success", attempt.GetProperty("outcome").GetString());
    }

    private async Task<List<System.Text.Json.JsonElement>> WaitForAttemptsAsync(TenantClient tenant, string endpointId, int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        List<System.Text.Json.JsonElement> attempts;
        do
        {
            attempts = await DestinationTestHelpers.AttemptsAsync(tenant, endpointId);
            if (attempts.Count >= count)
            {
                return attempts;
            }

            await Task.Delay(50);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"only {attempts.Count} attempts");
        return attempts;
    }

    private static async Task<string> CreateEmailAsync(TenantClient tenant)
    {
        var endpoint = await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "email",
            eventTypes = new[] { "order.completed" },
            email = new { from = "orders@shop.example", to = new[] { "/order/customer/email" }, subject = "Order {{ order.id }}", text = "Status {{ order.status }}" },
        });
        return endpoint.GetProperty("id").GetString()!;
    }
}
