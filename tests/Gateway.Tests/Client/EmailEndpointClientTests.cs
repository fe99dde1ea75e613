using System.Net;
using Gateway.Client;
using Gateway.Client.Endpoints;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Client;

/// <summary>E-mail endpoints through Gateway.Client against the real gateway host: create, change, preview.</summary>
[Collection(RedisCollection.Name)]
public sealed class EmailEndpointClientTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task EmailEndpoint_CreatedUpdatedAndPreviewed_ThroughTheClient()
    {
        var client = Client((await Factory.CreateTenantAsync()).ApiKey);
        var created = await client.Endpoints.CreateAsync(new EndpointRequest(null, ["order.completed"])
        {
            Kind = "email",
            Email = new EmailSettings("orders@shop.example", ["/order/customer/email"], "Order {{ order.id }}") { Cc = ["reseller@partner.example"] },
        });
        Assert.Equal("email", created.Kind);
        Assert.Equal(["reseller@partner.example"], created.Email!.Cc);

        var updated = await client.Endpoints.UpdateAsync(created.Id, new EndpointUpdate
        {
            Email = new EmailSettings("Shop <orders@shop.example>", ["ops@shop.example"], "Done: {{ order.id }}") { Bcc = ["audit@shop.example"], Text = "{{ order.currency }}" },
            MaxOrderItems = 3,
        });

        Assert.Equal("email", updated.Kind);
        Assert.Equal(3, updated.MaxOrderItems);
        Assert.Equal("Done: {{ order.id }}", updated.Email!.Subject);
        Assert.Equal(["ops@shop.example"], updated.Email.To);
        Assert.Null(updated.Email.Cc); // the settings are replaced whole
        Assert.Equal(["audit@shop.example"], updated.Email.Bcc);
        Assert.Equal("mailto:ops@shop.example", (await client.Endpoints.GetAsync(created.Id)).Url);

        var preview = await client.Endpoints.PreviewEmailAsync(created.Id);
        Assert.Equal("order.completed", preview.EventType);
        Assert.StartsWith("Done: ", preview.Subject, StringComparison.Ordinal);
        Assert.Equal(["audit@shop.example"], preview.Bcc);
        Assert.Null(preview.Html);
        Assert.Matches("^[A-Z]{3}$", preview.Text!);

        // A kind never changes, and the client carries the problem's pointer.
        var wrong = await Assert.ThrowsAsync<GatewayApiException>(() => client.Endpoints.UpdateAsync(created.Id, new EndpointUpdate
        {
            RabbitMq = new RabbitMqSettings("amqp://127.0.0.1:5672/", "orders", "{type}"),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.Contains(wrong.Problem!.Errors!, e => e.Path == "/rabbitmq");
        var bad = await Assert.ThrowsAsync<GatewayApiException>(() => client.Endpoints.PreviewEmailAsync(
            new EmailPreviewRequest(new EmailSettings("orders@shop.example", ["ops@shop.example"], "{% if %}")) { EventType = "order.completed" }));
        Assert.Contains(bad.Problem!.Errors!, e => e.Path == "/email/subject");
    }

    private GatewayClient Client(string apiKey) => GatewayClient.Create(
        new GatewayClientOptions { BaseAddress = Factory.Server.BaseAddress, ApiKey = apiKey, RetryDelay = TimeSpan.FromMilliseconds(50) },
        Factory.Server.CreateHandler());
}
