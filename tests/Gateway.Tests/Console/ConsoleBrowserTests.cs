using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gateway.Tests.Console;

/// <summary>
/// The console in a real browser (Chromium through Playwright) against the gateway on Kestrel, with a real receiver.
/// Each test saves a screenshot of the pages it visits under <see cref="BrowserFixture.ScreenshotDirectory"/>.
/// </summary>
[Collection(RedisBrowserCollection.Name)]
public sealed class ConsoleBrowserTests(RedisFixture store, BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    private readonly List<string> _pageErrors = [];
    private ConsoleHost _host = null!;
    private Receiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _host = ConsoleHost.Start(store);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task OpenLink_StartsSession_ShowsOverviewOfThatTenant_AndNoKeyReachesTheBrowser()
    {
        var tenant = await _host.CreateTenantAsync("Open Shop");
        var link = await _host.LinkAsync(tenant);
        Assert.StartsWith(_host.BaseUrl + "/console/open#token=", link);
        var page = await NewPageAsync();

        await page.GotoAsync(link);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/overview$"), new() { Timeout = 30_000 });
        await Expect(page.Locator("#who")).ToContainTextAsync("Open Shop");
        await Expect(page.Locator(".stat").First).ToBeVisibleAsync();
        await Expect(page.GetByText("No endpoints yet")).ToBeVisibleAsync();
        var cookies = await page.Context.CookiesAsync();
        var cookie = Assert.Single(cookies);
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(tenant.ApiKey, await page.ContentAsync());
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.cookie.length"));
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task EndpointForm_PriceTriggerAndBlocklist_TestEventArrivesSigned_SentAndBlockedInLogs_ChartHasData()
    {
        var tenant = await _host.CreateTenantAsync("Rules Shop");
        var page = await OpenConsoleAsync(tenant);

        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints/new");
        await page.FillAsync("input[name=url]", "not a url");
        await page.FillAsync("input[name=description]", "Big orders to the warehouse");
        await page.SelectOptionAsync("select[name=priceOp]", "gt");
        await page.FillAsync("input[name=price]", "100");
        await page.FillAsync("textarea[name=blocklist]", "*@blocked.example\nfraud@example.com");
        await page.FillAsync("input[name=statuses]", "");
        await page.FillAsync("input[name=delaySeconds]", "0");
        await page.ClickAsync("button[type=submit]");

        // The API's pointer-level error shows beside the URL field; everything typed is still there.
        await Expect(page.Locator(".field.invalid .field-error")).ToContainTextAsync("/url");
        await Expect(page.Locator("input[name=price]")).ToHaveValueAsync("100");
        await Expect(page.Locator("textarea[name=blocklist]")).ToHaveValueAsync("*@blocked.example\nfraud@example.com");
        await ShotAsync(page, "endpoint-form");
        await page.FillAsync("input[name=url]", _receiver.Url("/shop"));
        await Expect(page.Locator(".field.invalid")).ToHaveCountAsync(0);
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/endpoints/ep_[^/]+$"), new() { Timeout = 30_000 });
        var endpointId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        var saved = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        Assert.Equal(100, saved.GetProperty("filter").GetProperty("$orderTotal").GetProperty("gt").GetInt32());
        Assert.Equal(["*@blocked.example", "fraud@example.com"], saved.GetProperty("filter").GetProperty("$customerEmail").GetProperty("nlike").EnumerateArray().Select(e => e.GetString()));
        var secret = (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/secret")).GetProperty("secret").GetString()!;

        // The saved filter comes back into its fields; a raw-filter mistake is shown beside the raw editor with its pointer.
        await Expect(page.Locator("input[name=price]")).ToHaveValueAsync("100");
        await Expect(page.Locator("select[name=priceOp]")).ToHaveValueAsync("gt");
        await Expect(page.Locator("textarea[name=blocklist]")).ToHaveValueAsync("*@blocked.example\nfraud@example.com");
        await page.ClickAsync("summary:has-text('Raw filter')");
        await page.FillAsync("textarea[name=rawFilter]", "{\"order.currency\": {\"bogus\": 1}}");
        await page.ClickAsync("button:has-text('Save changes')");
        await Expect(page.Locator(".field.invalid .field-error")).ToContainTextAsync("/filter/order.currency/bogus");
        await page.FillAsync("textarea[name=rawFilter]", "{\"order.currency\": \"EUR\"}");
        await page.ClickAsync("button:has-text('Save changes')");
        await Expect(page.Locator(".alert.ok[role=status]")).ToContainTextAsync("Saved");
        var edited = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        Assert.Equal("EUR", edited.GetProperty("filter").GetProperty("order.currency").GetString());
        Assert.Equal(100, edited.GetProperty("filter").GetProperty("$orderTotal").GetProperty("gt").GetInt32());

        // The secret stays hidden until revealed.
        await Expect(page.Locator(".secret")).Not.ToContainTextAsync("whsec_");
        await page.ClickAsync("button:has-text('Reveal')");
        await Expect(page.Locator(".secret")).ToHaveTextAsync(secret);

        // A test event built from the example, edited to pass the price trigger, arrives signed.
        await page.SelectOptionAsync("select[name=testType]", "order.completed");
        await Expect(page.Locator("textarea[name=testPayload]")).Not.ToHaveValueAsync("");
        var example = JsonNode.Parse(await page.InputValueAsync("textarea[name=testPayload]"))!;
        example["order"]!["total"] = 250;
        example["order"]!["customer"]!["email"] = "ada@good.example";
        await page.FillAsync("textarea[name=testPayload]", example.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await page.ClickAsync("button:has-text('Send test event')");
        await Expect(page.Locator("#test-result [data-outcome=sent]")).ToContainTextAsync("HTTP 200", new() { Timeout = 20_000 });
        var delivered = (await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/shop"))).Single(x => x.Path == "/shop");
        Assert.True(SignedDelivery.Verify(secret, delivered));
        Assert.Equal(250, JsonNode.Parse(delivered.Body)!["order"]!["total"]!.GetValue<int>());
        await ShotAsync(page, "endpoint");

        // The same event from a blocked domain is blocked, with its rule.
        example["order"]!["customer"]!["email"] = "eve@blocked.example";
        await page.FillAsync("textarea[name=testPayload]", example.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        await page.ClickAsync("button:has-text('Send test event')");
        await Expect(page.Locator("#test-result [data-outcome=filtered]")).ToContainTextAsync("$customerEmail");

        await page.GotoAsync($"{_host.BaseUrl}/console/#/logs");
        await Expect(page.Locator("tr[data-state=sent]")).ToHaveCountAsync(1);
        await Expect(page.Locator("tr[data-state=filtered]")).ToContainTextAsync("$customerEmail");
        await ShotAsync(page, "logs");

        await page.ClickAsync("tr[data-state=sent]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/events/evt_[^/]+$"), new() { Timeout = 30_000 });
        await Expect(page.Locator("li[data-state=sent]")).ToContainTextAsync("HTTP 200");
        await Expect(page.Locator("pre.code")).ToContainTextAsync("ada@good.example");
        await ShotAsync(page, "message");

        await page.GotoAsync($"{_host.BaseUrl}/console/#/overview");
        await Expect(page.Locator("svg.chart")).ToHaveAttributeAsync("data-total", "2");
        await Expect(page.Locator("svg.chart rect")).ToHaveCountAsync(2);
        await Expect(page.Locator("tbody tr")).ToContainTextAsync(_receiver.Url("/shop"));
        await ShotAsync(page, "overview");
        await page.SelectOptionAsync("select[name=granularity]", "hour");
        await page.ClickAsync("button:has-text('Apply')");
        await Expect(page.Locator("svg.chart")).ToHaveAttributeAsync("data-buckets", "168");
        await Expect(page.Locator("svg.chart")).ToHaveAttributeAsync("data-total", "2");
        await ShotAsync(page, "overview-hours");
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task EndpointForm_DeliveryOrder_KeyErrorBesideItsField_SavedAndTurnedOffAgain()
    {
        var tenant = await _host.CreateTenantAsync("Ordered Shop");
        var page = await OpenConsoleAsync(tenant);

        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints/new");
        await page.FillAsync("input[name=url]", _receiver.Url("/ordered"));
        await page.SelectOptionAsync("select[name=orderMode]", "ordered");
        await page.FillAsync("input[name=orderKey]", "order/customer");
        await page.SelectOptionAsync("select[name=onExhausted]", "pause");
        await page.ClickAsync("button[type=submit]");

        // The API's pointer-level error shows beside the key.
        await Expect(page.Locator(".field.invalid:has(input[name=orderKey]) .field-error")).ToContainTextAsync("/ordering/key");
        await page.FillAsync("input[name=orderKey]", "/order/customer/id");
        await page.ClickAsync("button[type=submit]");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/endpoints/ep_[^/]+$"), new() { Timeout = 30_000 });
        var endpointId = page.Url[(page.Url.LastIndexOf('/') + 1)..];

        var saved = (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}")).GetProperty("ordering");
        Assert.Equal("/order/customer/id", saved.GetProperty("key").GetString());
        Assert.Equal("pause", saved.GetProperty("onExhausted").GetString());
        await Expect(page.Locator("select[name=orderMode]")).ToHaveValueAsync("ordered");
        await Expect(page.Locator("input[name=orderKey]")).ToHaveValueAsync("/order/customer/id");
        await Expect(page.Locator("select[name=onExhausted]")).ToHaveValueAsync("pause");

        await page.SelectOptionAsync("select[name=orderMode]", "");
        await page.ClickAsync("button:has-text('Save changes')");
        await Expect(page.Locator(".alert.ok[role=status]")).ToContainTextAsync("Saved");
        var unordered = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}");
        Assert.True(!unordered.TryGetProperty("ordering", out var ordering) || ordering.ValueKind == JsonValueKind.Null, unordered.ToString());
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task DeadLetter_ReplayedFromTheConsole_IsDelivered()
    {
        var tenant = await _host.CreateTenantAsync("Flaky Shop");
        var failing = true;
        _receiver.Respond = (_, _) => Task.FromResult(failing ? Results.StatusCode(500) : Results.Ok());
        var endpoint = await tenant.CreateEndpointAsync(_receiver.Url("/flaky"), ["order.*"]);
        var endpointId = endpoint.GetProperty("id").GetString()!;
        var sent = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
        Assert.True(sent.IsSuccessStatusCode);
        await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/flaky") >= 3);
        var page = await OpenConsoleAsync(tenant);

        await page.GotoAsync($"{_host.BaseUrl}/console/#/dead-letters?endpointId={endpointId}");
        await Expect(page.Locator("tr[data-message]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await page.ClickAsync("tr[data-message] button:has-text('Inspect')");
        await Expect(page.Locator("pre.code")).ToContainTextAsync("Ada Lovelace");
        await ShotAsync(page, "dead-letters");
        failing = false;
        await page.ClickAsync("tr[data-message] button:has-text('Replay')");

        await Expect(page.Locator(".alert.ok")).ToContainTextAsync("Replayed");
        var after = await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/flaky") >= 4);
        Assert.Single(after.Select(x => x.Id).Distinct());
        await page.GotoAsync($"{_host.BaseUrl}/console/#/logs?state=sent");
        await Expect(page.Locator("tr[data-state=sent]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await page.GotoAsync($"{_host.BaseUrl}/console/#/dead-letters?endpointId={endpointId}");
        await Expect(page.GetByText("No dead letters")).ToBeVisibleAsync();
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task EndpointPage_RateLimitErrorBesideItsField_RecoverFailedSince_ShowsProgressAndDelivers()
    {
        var tenant = await _host.CreateTenantAsync("Recovering Shop");
        var failing = true;
        _receiver.Respond = (_, _) => Task.FromResult(failing ? Results.StatusCode(503) : Results.Ok());
        var endpointId = (await tenant.CreateEndpointAsync(_receiver.Url("/outage"), ["order.*"])).GetProperty("id").GetString()!;
        Assert.True((await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).IsSuccessStatusCode);
        await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/outage") >= 3);
        var page = await OpenConsoleAsync(tenant);

        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints/{endpointId}");
        await page.FillAsync("input[name=rateLimit]", "0");
        await page.ClickAsync("button:has-text('Save changes')");
        await Expect(page.Locator(".field.invalid:has(input[name=rateLimit]) .field-error")).ToContainTextAsync("/rateLimit");
        await page.FillAsync("input[name=rateLimit]", "5");
        await page.ClickAsync("button:has-text('Save changes')");
        await Expect(page.Locator(".alert.ok[role=status]")).ToContainTextAsync("Saved");
        Assert.Equal(5, (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}")).GetProperty("rateLimit").GetInt32());

        failing = false;
        await page.ClickAsync("button:has-text('Recover failed messages')");
        await Expect(page.Locator("[data-recovery=done]")).ToContainTextAsync("1 found, 1 queued again", new() { Timeout = 30_000 });
        await ShotAsync(page, "endpoint-recover");
        var after = await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/outage") >= 4);
        Assert.Single(after.Where(x => x.Path == "/outage").Select(x => x.Id).Distinct());
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Logs_SearchBoxWithAMessageId_ListsOnlyThatMessage()
    {
        var tenant = await _host.CreateTenantAsync("Support Shop");
        var endpointId = (await tenant.CreateEndpointAsync(_receiver.Url("/support"), ["order.*"])).GetProperty("id").GetString()!;
        var events = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var sent = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());
            events.Add((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
        }

        var messageId = Gateway.Delivery.Storage.Ids.Message(events[0], endpointId);
        for (var i = 0; i < 100 && (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/logs?state=sent&endpointId={endpointId}")).GetProperty("data").GetArrayLength() < 2; i++)
        {
            await Task.Delay(100);
        }

        var page = await OpenConsoleAsync(tenant);
        await page.GotoAsync($"{_host.BaseUrl}/console/#/logs");
        await page.FillAsync("input[name=find]", messageId);
        await page.ClickAsync("button:has-text('Show')");

        await Expect(page.Locator("tr[data-state=sent]")).ToHaveCountAsync(1, new() { Timeout = 15_000 });
        await Expect(page.Locator($"tr[data-event='{events[0]}']")).ToHaveCountAsync(1);
        await Expect(page.Locator("input[name=find]")).ToHaveValueAsync(messageId);
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Logs_SearchBoxWithAnOrderId_OpensTheOrdersTimeline()
    {
        var tenant = await _host.CreateTenantAsync("Timeline Shop");
        var first = (await tenant.CreateEndpointAsync(_receiver.Url("/timeline-a"), ["order.*"])).GetProperty("id").GetString()!;
        var second = (await tenant.CreateEndpointAsync(_receiver.Url("/timeline-b"), ["order.*"])).GetProperty("id").GetString()!;
        var order = "ORD-" + Guid.NewGuid().ToString("N")[..8];
        var events = new List<string>();
        foreach (var document in new[] { Events.Order("created", order), Events.Order("created"), Events.Order("completed", order) })
        {
            // One at a time, delivered before the next: the timeline orders events by their latest attempt.
            var sent = await tenant.Http.PostAsJsonAsync("/v1/events", document);
            events.Add((await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!);
            for (var i = 0; i < 100 && (await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/logs?state=sent")).GetProperty("data").GetArrayLength() < 2 * events.Count; i++)
            {
                await Task.Delay(100);
            }
        }

        var page = await OpenConsoleAsync(tenant);
        await page.GotoAsync($"{_host.BaseUrl}/console/#/logs");
        await page.FillAsync("input[name=find]", order);
        await page.ClickAsync("button:has-text('Show')");

        await Expect(page.Locator("li.timeline-event")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Expect(page.Locator("li.timeline-event").First).ToHaveAttributeAsync("data-event", events[2]);
        await Expect(page.Locator($"li.timeline-event[data-event='{events[1]}']")).ToHaveCountAsync(0);
        await Expect(page.Locator($"li.timeline-event[data-event='{events[0]}'] tr[data-endpoint]")).ToHaveCountAsync(2);
        await Expect(page.Locator($"tr[data-endpoint='{second}'][data-message='{Gateway.Delivery.Storage.Ids.Message(events[0], second)}'] li[data-outcome=success]")).ToHaveCountAsync(1);
        await ShotAsync(page, "logs-order-timeline");

        // The same box takes a message id: that message's entries, its attempts.
        await page.FillAsync("input[name=find]", Gateway.Delivery.Storage.Ids.Message(events[2], first));
        await page.ClickAsync("button:has-text('Show')");
        await Expect(page.Locator("li.timeline-event")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Expect(page.Locator($"tr[data-state=sent][data-event='{events[2]}']")).ToHaveCountAsync(1);
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task DeadLetters_EndpointIdInTheHashCarryingAnotherPath_NeverReachesAnotherRoute()
    {
        var tenant = await _host.CreateTenantAsync("Injected Shop");
        var endpointId = (await tenant.CreateEndpointAsync(_receiver.Url("/injected"), ["order.*"])).GetProperty("id").GetString()!;
        var secret = (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/secret")).GetProperty("secret").GetString();
        var page = await OpenConsoleAsync(tenant);
        var calls = new List<string>();
        page.Request += (_, request) => calls.Add($"{request.Method} {request.Url}");

        // The attack as reported: a crafted link, then one click on "Replay all".
        await page.GotoAsync($"{_host.BaseUrl}/console/#/dead-letters?endpointId={endpointId}%2Fsecret%2Frotate%3Fx%3D");
        await Expect(page.Locator("button:has-text('Replay all'), [role=alert]").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        if (await page.Locator("button:has-text('Replay all')").CountAsync() > 0)
        {
            await page.ClickAsync("button:has-text('Replay all')");
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }

        await ShotAsync(page, "dead-letters-injected-id");
        Assert.DoesNotContain(calls, c => c.Contains("/secret", StringComparison.Ordinal));
        Assert.Equal(secret, (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpointId}/secret")).GetProperty("secret").GetString());
        await Expect(page.GetByText("That is not an endpoint id")).ToBeVisibleAsync();

        // Every page builds its paths with one helper that encodes each value as exactly one segment.
        Assert.Equal("/v1/endpoints/ep_a%2Fsecret%2Frotate%3Fx%3D/dead-letters/replay",
            await page.EvaluateAsync<string>("async () => (await import('/console/assets/api.js')).path`/v1/endpoints/${'ep_a/secret/rotate?x='}/dead-letters/replay`"));
        Assert.True(await page.EvaluateAsync<bool>("async () => { try { (await import('/console/assets/api.js')).path`/v1/orders/${'..'}/status`; return false; } catch { return true; } }"));
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task AnotherTenantsSession_SeesNoneOfIt()
    {
        var owner = await _host.CreateTenantAsync("Owner");
        var endpoint = await owner.CreateEndpointAsync(_receiver.Url("/owner"), ["order.*"]);
        var endpointId = endpoint.GetProperty("id").GetString()!;
        var accepted = await (await owner.Http.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();
        var eventId = accepted.GetProperty("id").GetString()!;
        await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/owner"));
        var intruder = await _host.CreateTenantAsync("Intruder");
        var page = await OpenConsoleAsync(intruder);

        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints");
        await Expect(page.GetByText("No endpoints yet")).ToBeVisibleAsync();
        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints/{endpointId}");
        await Expect(page.GetByText("Endpoint not found")).ToBeVisibleAsync();
        await page.GotoAsync($"{_host.BaseUrl}/console/#/events/{eventId}");
        await Expect(page.GetByText("No such event")).ToBeVisibleAsync();
        await page.GotoAsync($"{_host.BaseUrl}/console/#/logs");
        await Expect(page.GetByText("Nothing logged for these filters")).ToBeVisibleAsync();
        Assert.Equal(404, await page.EvaluateAsync<int>($"() => fetch('/v1/endpoints/{endpointId}/secret').then(r => r.status)"));
        Assert.Equal(404, await page.EvaluateAsync<int>($"() => fetch('/v1/events/{eventId}').then(r => r.status)"));
        Assert.DoesNotContain(_receiver.Url("/owner"), await page.ContentAsync());
    }

    [Fact]
    public async Task ReusedForgedOrExpiredLink_IsRefusedWithAClearPage_AndNoData()
    {
        var tenant = await _host.CreateTenantAsync("Token Shop");
        await tenant.CreateEndpointAsync(_receiver.Url("/secret-endpoint"), ["order.*"]);
        var link = await _host.LinkAsync(tenant);
        var first = await NewPageAsync();
        await first.GotoAsync(link);
        await Expect(first).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/overview$"), new() { Timeout = 30_000 });

        var reused = await NewPageAsync();
        await reused.GotoAsync(link);
        await Expect(reused.Locator("h1")).ToHaveTextAsync("This console link cannot be used");
        await Expect(reused.Locator("#message")).ToContainTextAsync("already used");
        await ShotAsync(reused, "link-refused");
        await reused.GotoAsync($"{_host.BaseUrl}/console/#/endpoints");
        await Expect(reused.GetByText("No console session")).ToBeVisibleAsync();
        Assert.DoesNotContain("secret-endpoint", await reused.ContentAsync());

        var forged = await NewPageAsync();
        await forged.GotoAsync($"{_host.BaseUrl}/console/open#token=gwc_{new string('A', 43)}");
        await Expect(forged.Locator("h1")).ToHaveTextAsync("This console link cannot be used");

        // A link issued with a one-second lifetime (same store), opened after it lapsed: its issuer's clock is a
        // minute behind, so the link has expired when it is opened, without waiting for it to.
        await using var shortLived = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Redis:KeyPrefix"] = _host.Factory.KeyPrefix,
            ["Console:LinkLifetime"] = "00:00:01",
            ["Console:PublicUrl"] = _host.BaseUrl,
        }, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-1)));
        var client = shortLived.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", tenant.ApiKey);
        var issued = await (await client.PostAsync("/v1/console-sessions", null)).Content.ReadFromJsonAsync<JsonElement>();
        var expired = await NewPageAsync();
        await expired.GotoAsync(issued.GetProperty("url").GetString()!);
        await Expect(expired.Locator("h1")).ToHaveTextAsync("This console link cannot be used");
        await expired.GotoAsync($"{_host.BaseUrl}/console/#/endpoints");
        await Expect(expired.GetByText("No console session")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ScriptInTenantData_IsShownAsText_NeverRun()
    {
        const string attack = "<script>window.__pwned = 1</script><img src=x onerror=window.__pwned=2>";
        var tenant = await _host.CreateTenantAsync("<b>Bold</b> Shop");
        await tenant.CreateEndpointAsync(_receiver.Url("/xss"), ["order.*"], new { description = attack, headers = new Dictionary<string, string> { ["X-Note"] = attack } });
        var order = Events.Order();
        order["order"]!["customer"]!["name"] = attack;
        var accepted = await (await tenant.Http.PostAsJsonAsync("/v1/events", order)).Content.ReadFromJsonAsync<JsonElement>();
        await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/xss"));
        var page = await OpenConsoleAsync(tenant);

        await Expect(page.Locator("#who")).ToContainTextAsync("<b>Bold</b> Shop");
        await page.GotoAsync($"{_host.BaseUrl}/console/#/endpoints");
        await Expect(page.Locator("tr[data-endpoint]")).ToContainTextAsync(attack);
        await ShotAsync(page, "endpoints");
        await page.ClickAsync("tr[data-endpoint]");
        await Expect(page.Locator(".header-row input[name=headerValue]")).ToHaveValueAsync(attack);
        await page.GotoAsync($"{_host.BaseUrl}/console/#/events/{accepted.GetProperty("id").GetString()}");
        await Expect(page.Locator("pre.code")).ToContainTextAsync(attack);
        await ShotAsync(page, "escaped-body");

        Assert.True(await page.EvaluateAsync<bool>("() => window.__pwned === undefined"));
        Assert.Equal(0, await page.Locator("main script, main img, #who b").CountAsync());
    }

    [Fact]
    public async Task CatalogAndOrders_ShowSchemaExampleAndTimeline_StatusChangesFromTheConsole()
    {
        var tenant = await _host.CreateTenantAsync("Order Shop");
        var page = await OpenConsoleAsync(tenant);

        await page.GotoAsync($"{_host.BaseUrl}/console/#/catalog");
        await Expect(page.Locator("[data-type] h3").First).ToHaveTextAsync("Fields");
        // The first type shown is the first by name, an operational one (endpoint.*): open an order type.
        await page.ClickAsync("tr.clickable:has-text('order.completed')");
        await Expect(page.Locator("[data-type='order.completed'] .schema-tree .name").First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-type='order.completed'] pre.code")).ToContainTextAsync("\"subject\": \"order\"");
        await ShotAsync(page, "catalog");

        await page.GotoAsync($"{_host.BaseUrl}/console/#/orders/ORD-7");
        await Expect(page.Locator("select[name=status] option").First).ToBeAttachedAsync();
        var next = await page.Locator("select[name=status] option").First.GetAttributeAsync("value");
        await page.FillAsync("input[name=message]", "Packed by the night shift");
        await page.ClickAsync("button:has-text('Change status')");
        await Expect(page.Locator("ol.timeline li")).ToContainTextAsync("Packed by the night shift");
        await Expect(page.Locator("ol.timeline li strong")).ToHaveTextAsync(next!);
        await ShotAsync(page, "orders");
        var stored = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/orders/ORD-7");
        Assert.Equal(next, stored.GetProperty("status").GetString());
        Assert.Empty(_pageErrors);
    }

    [Fact]
    public async Task Docs_RenderTheOpenApiDocument_AndTheRootLinksThere()
    {
        var page = await NewPageAsync();

        await page.GotoAsync(_host.BaseUrl + "/");
        await page.ClickAsync("a[href='/docs']");

        await Expect(page.GetByText("Webhook Gateway API").First).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByText("Endpoints", new() { Exact = true }).First.ClickAsync();
        await Expect(page.GetByText("Create an endpoint; the answer holds its signing secret.").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await ShotAsync(page, "docs", fullPage: false);
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 860 } });
        // The suite runs four collections beside the browser on two cores: give navigation and waits room under load.
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
        return page;
    }

    private async Task<IPage> OpenConsoleAsync(TenantClient tenant)
    {
        var page = await NewPageAsync();
        await page.GotoAsync(await _host.LinkAsync(tenant));
        try
        {
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/console/#/overview$"), new() { Timeout = 30_000 });
        }
        catch (PlaywrightException ex)
        {
            throw new TimeoutException($"The console link did not open the overview; the page is at {page.Url} and shows: {await page.InnerTextAsync("body")}; page errors: {string.Join(" | ", _pageErrors)}", ex);
        }

        await Expect(page.Locator(".stat").First).ToBeVisibleAsync();
        return page;
    }

    private static async Task ShotAsync(IPage page, string name, bool fullPage = true)
    {
        // From the top: a full-page shot of a scrolled page paints the sticky header mid-page.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, name + ".png"), FullPage = fullPage });
    }
}
