using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Endpoints;
using Gateway.Operations;
using Gateway.Tests.Infrastructure;
using Gateway.Tests.Schemas;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.Operations;

/// <summary>Operational webhooks: the tenant is told, by a signed delivery to the endpoints it subscribed, why an
/// endpoint was disabled or enabled, and which message was dead-lettered with its last error.</summary>
[Collection(RedisCollection.Name)]
public sealed class OperationalEventsTests(RedisFixture store) : IAsyncLifetime
{
    private GatewayFactory _factory = null!;
    private Receiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _receiver = await Receiver.StartAsync();
        _receiver.Respond = (r, _) => Task.FromResult(r.Path switch
        {
            "/gone" => Results.StatusCode(410),
            "/broken" => Results.StatusCode(500),
            _ => Results.Ok(),
        });
        _factory = new GatewayFactory(store, new Dictionary<string, string?>
        {
            ["Gateway:Roles"] = "api,worker",
            ["Delivery:RetrySchedule"] = "", // one attempt, then the dead letters
            ["Delivery:PollInterval"] = "00:00:00.200",
        });
        _ = _factory.Server;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task Operational_EndpointAnswers410_TenantGetsEndpointDisabledWithTheReason_Signed()
    {
        var tenant = await _factory.CreateTenantAsync();
        var (ops, secret) = await OpsEndpointAsync(tenant, "/ops-410", ["endpoint.*"]);
        var gone = await EndpointAsync(tenant, "/gone", ["order.*"]);

        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());

        var notice = await NoticeAsync("/ops-410", "endpoint.disabled");
        Assert.True(SignedDelivery.Verify(secret, notice), "bad signature");
        var data = Data(notice);
        Assert.Equal(gone, data.GetProperty("endpointId").GetString());
        Assert.Equal(gone, Document(notice).GetProperty("objectId").GetString());
        Assert.Equal("gone", data.GetProperty("trigger").GetString());
        Assert.Contains("410 Gone", data.GetProperty("reason").GetString());
        Valid("endpoint.disabled", notice);
        Assert.NotEqual(ops, gone);
    }

    [Fact]
    public async Task Operational_TenantDisablesThenEnables_TenantGetsEndpointDisabledManualThenEndpointEnabled()
    {
        var tenant = await _factory.CreateTenantAsync();
        var (_, secret) = await OpsEndpointAsync(tenant, "/ops-patch", ["endpoint.disabled", "endpoint.enabled"]);
        var target = await EndpointAsync(tenant, "/patched", ["order.*"]);

        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{target}", new { disabled = true })).StatusCode);
        var disabled = await NoticeAsync("/ops-patch", "endpoint.disabled");
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{target}", new { disabled = false })).StatusCode);
        var enabled = await NoticeAsync("/ops-patch", "endpoint.enabled");

        Assert.True(SignedDelivery.Verify(secret, disabled));
        Assert.True(SignedDelivery.Verify(secret, enabled));
        Assert.Equal("manual", Data(disabled).GetProperty("trigger").GetString());
        Assert.Equal("disabled by the tenant", Data(disabled).GetProperty("reason").GetString());
        Assert.Equal(target, Data(enabled).GetProperty("endpointId").GetString());
        Valid("endpoint.disabled", disabled);
        Valid("endpoint.enabled", enabled);
        Assert.NotEqual(disabled.Id, enabled.Id);
    }

    [Fact]
    public async Task Operational_MessageDeadLettered_TenantGetsMessageAttemptExhaustedWithIdsAndLastError()
    {
        var tenant = await _factory.CreateTenantAsync();
        var (_, secret) = await OpsEndpointAsync(tenant, "/ops-dead", ["message.attempt.exhausted"]);
        var broken = await EndpointAsync(tenant, "/broken", ["order.*"]);

        var accepted = await (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();

        var notice = await NoticeAsync("/ops-dead", "message.attempt.exhausted");
        Assert.True(SignedDelivery.Verify(secret, notice));
        var data = Data(notice);
        var attempt = _receiver.Requests.Single(r => r.Path == "/broken");
        Assert.Equal(broken, data.GetProperty("endpointId").GetString());
        Assert.Equal(attempt.Id, data.GetProperty("messageId").GetString());
        Assert.Equal(accepted.GetProperty("id").GetString(), data.GetProperty("eventId").GetString());
        Assert.Equal("order.completed", data.GetProperty("eventType").GetString());
        Assert.Equal(500, data.GetProperty("lastStatus").GetInt32());
        Assert.Contains("500", data.GetProperty("lastError").GetString());
        Assert.Equal(1, data.GetProperty("attempts").GetInt32());
        Valid("message.attempt.exhausted", notice);

        var letter = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/dead-letters/{attempt.Id}");
        Assert.Equal(letter.GetProperty("lastError").GetString(), data.GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task Operational_NoticeEndpointItselfFails_NoNoticeAboutItsOwnNotices()
    {
        // The tenant's notice endpoint is broken too: its exhausted notice dead-letters, and that raises nothing more.
        var tenant = await _factory.CreateTenantAsync();
        var ops = await EndpointAsync(tenant, "/broken", ["message.*", "endpoint.*"]);
        var other = await EndpointAsync(tenant, "/ops-loop-other", ["order.*"]);
        _receiver.Respond = (r, _) => Task.FromResult(r.Path is "/broken" or "/ops-loop-other" ? Results.StatusCode(500) : Results.Ok());

        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());

        await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/broken"));
        await Until.TrueAsync(async () => (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{ops}/stats")).GetProperty("deadLettered").GetInt64() == 1, TimeSpan.FromSeconds(15));
        await tenant.WaitForIdleAsync(ops);
        // An absence, which nothing signals: a notice about the notice's own dead letter would be emitted right after
        // that settle and queued to the same endpoint within milliseconds; 300 ms lets one that should not exist show.
        await Task.Delay(300);
        var toOps = _receiver.Requests.Where(r => r.Path == "/broken").ToList();
        var only = Assert.Single(toOps);
        Assert.Equal(other, Data(only).GetProperty("endpointId").GetString());
        Assert.Equal(1, (await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{ops}/stats")).GetProperty("deadLettered").GetInt64());
    }

    [Fact]
    public async Task Operational_WildcardSubscriber_ReceivesNoOperationalEvents_AndTenantsCannotSendThem()
    {
        var tenant = await _factory.CreateTenantAsync();
        var star = await EndpointAsync(tenant, "/ops-star", ["*"]);
        var target = await EndpointAsync(tenant, "/ops-star-target", ["order.*"]);

        await tenant.Http.PatchAsJsonAsync($"/v1/endpoints/{target}", new { disabled = true });
        var forged = await tenant.Http.PostAsJsonAsync("/v1/events", SchemaSamples.Document("endpoint.disabled"));
        await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, forged.StatusCode);
        Assert.Equal("application/problem+json", forged.Content.Headers.ContentType?.MediaType);
        var seen = await _receiver.WaitForAsync(r => r.Any(x => x.Path == "/ops-star"));
        await tenant.WaitForIdleAsync(star); // the disable's notice, had it been for this endpoint, was queued before the order
        Assert.All(_receiver.Requests.Where(r => r.Path == "/ops-star"), r => Assert.Equal("order", Document(r).GetProperty("subject").GetString()));
        Assert.NotEmpty(seen);
    }

    [Fact]
    public async Task Operational_CatalogListsTheOperationalTypes_AndEndpointsCanSubscribeToThem()
    {
        var tenant = await _factory.CreateTenantAsync();
        var types = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/event-types");
        var names = types.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();

        Assert.Contains("endpoint.disabled", names);
        Assert.Contains("endpoint.enabled", names);
        Assert.Contains("endpoint.failing", names);
        Assert.Contains("message.attempt.exhausted", names);
        await EndpointAsync(tenant, "/ops-subscribe", ["endpoint.*", "message.attempt.exhausted"]);
    }

    [Fact]
    public async Task Operational_TestEventOfAnOperationalType_GoesToThatEndpointAlone()
    {
        var tenant = await _factory.CreateTenantAsync();
        var (ops, secret) = await OpsEndpointAsync(tenant, "/ops-test", ["endpoint.*"]);
        var other = await EndpointAsync(tenant, "/ops-test-other", ["endpoint.*"]);

        var response = await tenant.Http.PostAsJsonAsync($"/v1/endpoints/{ops}/test", new { eventType = "endpoint.disabled" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var notice = await NoticeAsync("/ops-test", "endpoint.disabled");
        Assert.True(SignedDelivery.Verify(secret, notice));
        Valid("endpoint.disabled", notice);
        await tenant.WaitForIdleAsync(other); // a copy for it would have been queued with the test event
        Assert.DoesNotContain(_receiver.Requests, r => r.Path == "/ops-test-other");
    }

    [Fact]
    public async Task Operational_SameOccurrenceEmittedTwice_DeliveredOnce()
    {
        // A second process seeing the same outage, or an emission retried after a crash: the idempotency key per
        // occurrence (endpoint and failing window; message and dead-letter time) makes it one event.
        var tenant = await _factory.CreateTenantAsync();
        var (once, _) = await OpsEndpointAsync(tenant, "/ops-once", ["endpoint.failing", "message.attempt.exhausted"]);
        var failing = await EndpointAsync(tenant, "/ops-once-failing", ["order.*"]);
        var endpoint = await _factory.Services.GetRequiredService<IEndpointDirectory>().FindAsync(failing);
        var notices = _factory.Services.GetRequiredService<OperationalEvents>();
        var since = DateTimeOffset.UtcNow.AddMinutes(-20);
        var letter = new DeadLetter("msg_once", failing, "evt_3once", "order.completed", 10, 500, "HTTP 500", since, since, since, 0, 3, "{}");

        await notices.EndpointFailingAsync(endpoint!, since, 500, "HTTP 500", window: 42, DateTimeOffset.UtcNow);
        await notices.EndpointFailingAsync(endpoint!, since, 500, "HTTP 500", window: 42, DateTimeOffset.UtcNow.AddSeconds(5));
        await notices.MessageExhaustedAsync(endpoint!, letter);
        await notices.MessageExhaustedAsync(endpoint!, letter);
        await notices.EndpointFailingAsync(endpoint!, since, 500, "HTTP 500", window: 43, DateTimeOffset.UtcNow); // the next window

        await _receiver.WaitForAsync(r => r.Count(x => x.Path == "/ops-once") >= 3);
        await tenant.WaitForIdleAsync(once); // every emission above was queued before it returned
        var types = _receiver.Requests.Where(r => r.Path == "/ops-once").Select(Type).ToList();
        Assert.Equal(2, types.Count(t => t == "endpoint.failing"));
        Assert.Single(types, t => t == "message.attempt.exhausted");
    }

    private async Task<(string Id, string Secret)> OpsEndpointAsync(TenantClient tenant, string path, string[] types)
    {
        var created = await tenant.CreateEndpointAsync(_receiver.Url(path), types);
        return (created.GetProperty("id").GetString()!, created.GetProperty("secret").GetString()!);
    }

    private async Task<string> EndpointAsync(TenantClient tenant, string path, string[] types) =>
        (await tenant.CreateEndpointAsync(_receiver.Url(path), types)).GetProperty("id").GetString()!;

    private async Task<ReceivedRequest> NoticeAsync(string path, string eventType)
    {
        var all = await _receiver.WaitForAsync(r => r.Any(x => x.Path == path && Type(x) == eventType));
        return all.First(x => x.Path == path && Type(x) == eventType);
    }

    internal static JsonElement Document(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    internal static JsonElement Data(ReceivedRequest request) => Document(request).GetProperty("data");

    internal static string Type(ReceivedRequest request) =>
        $"{Document(request).GetProperty("subject").GetString()}.{Document(request).GetProperty("type").GetString()}";

    internal static void Valid(string eventType, ReceivedRequest request) => Assert.Empty(SchemaSamples.Schema(eventType).Validate(request.Body));
}
