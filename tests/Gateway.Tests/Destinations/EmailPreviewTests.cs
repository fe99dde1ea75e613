using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Destinations;

/// <summary>The e-mail preview: what a send would render, from the type's example or a payload, bounded as a send is; nothing is sent.</summary>
[Collection(RedisEndpointsCollection.Name)]
public sealed class EmailPreviewTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task PreviewDraft_RendersTheTypesExample_WithResolvedRecipientsAndEncodedHtml()
    {
        var tenant = await Factory.CreateTenantAsync();
        var example = await DestinationTestHelpers.GetAsync(tenant, "/v1/event-types/order.completed/example");
        var order = example.GetProperty("order");

        var preview = await PreviewAsync(tenant, "/v1/endpoints/preview", new
        {
            eventType = "order.completed",
            email = new
            {
                from = "Shop <orders@shop.example>",
                to = new[] { "/order/customer/email" },
                cc = new[] { "reseller@partner.example" },
                bcc = new[] { "audit@shop.example" },
                subject = "Order {{ order.id }} is {{ event.type }}",
                text = "{{ order.items.size }} item(s) for {{ order.customer.email }}",
                html = "<p>{{ '<b>' }}{{ order.currency }}</p>",
            },
        });

        Assert.Equal("order.completed", preview.GetProperty("eventType").GetString());
        Assert.Equal("\"Shop\" <orders@shop.example>", preview.GetProperty("from").GetString());
        Assert.Equal(order.GetProperty("customer").GetProperty("email").GetString(), preview.GetProperty("to")[0].GetString());
        Assert.Equal("reseller@partner.example", preview.GetProperty("cc")[0].GetString());
        Assert.Equal("audit@shop.example", preview.GetProperty("bcc")[0].GetString());
        Assert.Equal($"Order {order.GetProperty("id").GetString()} is completed", preview.GetProperty("subject").GetString());
        Assert.Equal($"{order.GetProperty("items").GetArrayLength()} item(s) for {order.GetProperty("customer").GetProperty("email").GetString()}", preview.GetProperty("text").GetString());
        Assert.Equal($"<p>&lt;b&gt;{order.GetProperty("currency").GetString()}</p>", preview.GetProperty("html").GetString());
    }

    [Fact]
    public async Task PreviewEndpoint_UsesItsTemplatesAndItemCap_OnAPayload_OrADraftOfThem()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await DestinationTestHelpers.CreateAsync(tenant, new
        {
            kind = "email",
            eventTypes = new[] { "order.completed" },
            maxOrderItems = 2,
            email = new { from = "orders@shop.example", to = new[] { "/order/customer/email" }, subject = "Your order", text = "{% for item in order.items %}[{{ item.productCode }}]{% endfor %}" },
        });
        var id = endpoint.GetProperty("id").GetString()!;
        var payload = Events.Order(email: "ada@example.com", items: 5);

        var stored = await PreviewAsync(tenant, $"/v1/endpoints/{id}/preview", new { payload });
        var draft = await PreviewAsync(tenant, $"/v1/endpoints/{id}/preview", new
        {
            email = new { from = "orders@shop.example", to = new[] { "/order/customer/email" }, subject = "Draft for {{ order.customer.name }}" },
        });

        Assert.Equal("Your order", stored.GetProperty("subject").GetString());
        Assert.Equal("ada@example.com", stored.GetProperty("to")[0].GetString());
        Assert.Equal(2, stored.GetProperty("text").GetString()!.Split('[').Length - 1); // the endpoint's item cap, as sent
        Assert.False(stored.TryGetProperty("html", out _)); // no html template: no html body
        // A draft without bodies gets the ready-made template, over the example of the type the endpoint takes.
        Assert.Equal("order.completed", draft.GetProperty("eventType").GetString());
        Assert.StartsWith("Draft for ", draft.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(draft.GetProperty("text").GetString()));
        Assert.Contains("<", draft.GetProperty("html").GetString(), StringComparison.Ordinal);
        // Nothing was sent or queued.
        Assert.Empty(await DestinationTestHelpers.AttemptsAsync(tenant, id));
    }

    [Theory]
    [InlineData("subject", "{% for %}", "/email/subject")]
    [InlineData("text", "{{ order.id ", "/email/text")]
    [InlineData("html", "{% for i in (1..100000000) %}x{% endfor %}", "/email/html")]
    [InlineData("to", "/order/customer/nowhere", "/email/to")]
    public async Task PreviewDraft_BadTemplateOrAddress_Is422WithItsPointer(string field, string value, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();
        var email = new Dictionary<string, object> { ["from"] = "orders@shop.example", ["to"] = new[] { "/order/customer/email" }, ["subject"] = "Order {{ order.id }}" };
        email[field] = field == "to" ? new[] { value } : value;

        using var response = await tenant.Http.PostAsJsonAsync("/v1/endpoints/preview", new { eventType = "order.completed", email });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains(pointer, ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Preview_LineBreakInSubject_Is400_HttpEndpoint422_UnknownEndpoint404_UnknownField422()
    {
        var tenant = await Factory.CreateTenantAsync();
        var http = await DestinationTestHelpers.CreateAsync(tenant, new { url = "https://example.com/hooks", eventTypes = new[] { "order.*" } });

        using var injected = await tenant.Http.PostAsJsonAsync("/v1/endpoints/preview", new
        {
            eventType = "order.completed",
            email = new { from = "orders@shop.example", to = new[] { "ada@example.com" }, subject = "Hi\r\nBcc: victim@example.com" },
        });
        using var ofHttp = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{http.GetProperty("id").GetString()}/preview", new { });
        using var missing = await tenant.Http.PostAsJsonAsync("/v1/endpoints/ep_nosuch/preview", new { });
        using var unknown = await tenant.Http.PostAsJsonAsync("/v1/endpoints/preview", new { eventType = "order.completed", templates = 1 });
        using var noEvent = await tenant.Http.PostAsJsonAsync("/v1/endpoints/preview", new { eventType = "no.such", email = new { from = "a@b.example", to = new[] { "c@d.example" }, subject = "s" } });

        Assert.Contains("/email/subject", ProblemAssert.ErrorPaths(await ProblemAssert.IsProblemAsync(injected, HttpStatusCode.BadRequest)));
        Assert.Contains("/email", ProblemAssert.ErrorPaths(await ProblemAssert.IsProblemAsync(ofHttp, HttpStatusCode.UnprocessableEntity)));
        await ProblemAssert.IsProblemAsync(missing, HttpStatusCode.NotFound);
        Assert.Contains("/templates", ProblemAssert.ErrorPaths(await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.UnprocessableEntity)));
        Assert.Contains("/eventType", ProblemAssert.ErrorPaths(await ProblemAssert.IsProblemAsync(noEvent, HttpStatusCode.UnprocessableEntity)));
    }

    private static async Task<JsonElement> PreviewAsync(TenantClient tenant, string path, object body)
    {
        using var response = await tenant.Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
