using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Tests.Console;

/// <summary>
/// An e-mail endpoint made in the console, in a real browser: the kind's fields, the template preview (a bad template
/// marked at its field with its pointer), save, edit, and "send test" received by a real SMTP server on loopback.
/// </summary>
[Collection(RedisBrowserCollection.Name)]
public sealed class ConsoleEmailBrowserTests(RedisFixture store, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<string> _pageErrors = [];
    private SmtpSink _smtp = null!;
    private ConsoleHost _host = null!;

    public async Task InitializeAsync()
    {
        _smtp = await SmtpSink.StartAsync();
        _host = ConsoleHost.Start(store, new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = _smtp.Port.ToString(CultureInfo.InvariantCulture),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task EmailEndpointForm_PreviewsTemplate_Saves_Edits_AndSendTestReachesTheRelay()
    {
        var tenant = await _host.CreateTenantAsync("Mail Shop");
        var example = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/event-types/order.completed/example");
        var customerEmail = example.GetProperty("order").GetProperty("customer").GetProperty("email").GetString()!;
        var page = await OpenConsoleAsync(tenant);

        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints/new");
        await Expect(page.Locator("input[name=url]")).ToBeVisibleAsync();
        await Expect(page.Locator("input[name=emailFrom]")).ToBeHiddenAsync();
        await page.SelectOptionAsync("select[name=kind]", "email");
        await Expect(page.Locator("input[name=url]")).ToBeHiddenAsync();
        await Expect(page.Locator("select[name=signatureScheme]")).ToBeHiddenAsync();
        await page.FillAsync("input[name=emailFrom]", "Shop <orders@shop.example>");
        await page.FillAsync("textarea[name=emailTo]", "/order/customer/email");
        await page.FillAsync("textarea[name=emailBcc]", "audit@shop.example");
        await page.FillAsync("input[name=emailSubject]", "Order {% if %}");
        await page.FillAsync("textarea[name=emailText]", "Hello {{ order.customer.name }}, order {{ order.id }}.");
        await page.FillAsync("textarea[name=emailHtml]", "<p>Order <b>{{ order.id }}</b></p>");

        // A bad template: the gateway's pointer shows beside the subject, and nothing else is lost.
        await page.SelectOptionAsync("select[name=previewType]", "order.completed");
        await page.ClickAsync("button:has-text('Preview e-mail')");
        await Expect(page.Locator(".field.invalid .field-error")).ToContainTextAsync("/email/subject");
        await Expect(page.Locator("textarea[name=emailText]")).ToHaveValueAsync("Hello {{ order.customer.name }}, order {{ order.id }}.");

        await page.FillAsync("input[name=emailSubject]", "Order {{ order.id }} is {{ event.type }}");
        await page.ClickAsync("button:has-text('Preview e-mail')");
        var orderId = example.GetProperty("order").GetProperty("id").GetString()!;
        await Expect(page.Locator("#email-preview .preview-subject")).ToHaveTextAsync($"Order {orderId} is completed");
        await Expect(page.Locator("#email-preview dl")).ToContainTextAsync(customerEmail);
        await Expect(page.Locator("#email-preview dl")).ToContainTextAsync("audit@shop.example");
        // The HTML body is shown as its source, never as markup of the console's page.
        await Expect(page.Locator("#email-preview .preview-html")).ToHaveTextAsync($"<p>Order <b>{orderId}</b></p>");
        Assert.Equal(0, await page.Locator("#email-preview b").CountAsync());
        await ShotAsync(page, "endpoint-email-preview");

        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/endpoints/ep_[^/]+$"), new() { Timeout = 30_000 });
        var endpointId = page.Url[(page.Url.LastIndexOf('/') + 1)..];
        var saved = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        Assert.Equal("email", saved.GetProperty("kind").GetString());
        Assert.Equal("/order/customer/email", saved.GetProperty("email").GetProperty("to")[0].GetString());
        Assert.Equal(["audit@shop.example"], saved.GetProperty("email").GetProperty("bcc").EnumerateArray().Select(e => e.GetString()));

        // Editing: the saved settings come back into their fields, the kind is fixed, a change saves.
        await Expect(page.Locator("select[name=kind]")).ToBeDisabledAsync();
        await Expect(page.Locator("input[name=emailSubject]")).ToHaveValueAsync("Order {{ order.id }} is {{ event.type }}");
        await page.FillAsync("input[name=emailSubject]", "Your order {{ order.id }}");
        await page.ClickAsync("button:has-text('Save changes')");
        await Expect(page.Locator(".alert.ok[role=status]")).ToContainTextAsync("Saved");
        var edited = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        Assert.Equal("Your order {{ order.id }}", edited.GetProperty("email").GetProperty("subject").GetString());
        Assert.Equal(0, await page.Locator("button:has-text('Reveal')").CountAsync()); // an e-mail is not signed

        // Send test: the type's example goes through the queue to the SMTP relay.
        await page.SelectOptionAsync("select[name=testType]", "order.completed");
        await Expect(page.Locator("textarea[name=testPayload]")).Not.ToHaveValueAsync("");
        await page.ClickAsync("button:has-text('Send test event')");
        await Expect(page.Locator("#test-result [data-outcome=sent]")).ToContainTextAsync("SMTP 250", new() { Timeout = 30_000 });
        var mail = (await _smtp.WaitForAsync(m => m.Count >= 1)).Single();
        Assert.Equal($"Your order {orderId}", mail.Message.Subject);
        Assert.Equal(new[] { "audit@shop.example", customerEmail }.Order(StringComparer.Ordinal), mail.EnvelopeTo.Order(StringComparer.Ordinal));
        Assert.Empty(mail.Message.Bcc);
        Assert.Equal($"<p>Order <b>{orderId}</b></p>", mail.Message.HtmlBody!.Trim());
        await ShotAsync(page, "endpoint-email-test");

        // The list names the kind and the recipients.
        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints");
        await Expect(page.Locator($"tr[data-endpoint='{endpointId}']")).ToContainTextAsync("e-mail");
        await Expect(page.Locator($"tr[data-endpoint='{endpointId}']")).ToContainTextAsync("/order/customer/email");
        Assert.Empty(_pageErrors);
    }

    private async Task<IPage> OpenConsoleAsync(TenantClient tenant)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 860 } });
        // Two cores shared with other test collections: give navigation and waits room under load.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        page.PageError += (_, error) => _pageErrors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.Contains("status of 4", StringComparison.Ordinal))
            {
                _pageErrors.Add(message.Text);
            }
        };
        await page.GotoAsync(await _host.LinkAsync(tenant));
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/overview$"), new() { Timeout = 30_000 });
        return page;
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = true });
    }
}
