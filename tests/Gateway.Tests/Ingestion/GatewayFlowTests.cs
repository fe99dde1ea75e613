using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Ingestion;

/// <summary>A tenant's whole flow through the API, against each supported store.</summary>
public abstract class GatewayFlowTests(StoreFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task TenantFlow_CreateEndpoint_SendEvent_QueuesForMatchingEndpointsOnly()
    {
        var tenant = await Factory.CreateTenantAsync();
        var orders = await CreateEndpointAsync(tenant, ["order.*"]);
        var completedOnly = await CreateEndpointAsync(tenant, ["order.completed"]);
        var canceledOnly = await CreateEndpointAsync(tenant, ["order.canceled"]);

        var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order("completed"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("evt_", body.GetProperty("id").GetString());
        Assert.Equal("order.completed", body.GetProperty("eventType").GetString());
        var endpoints = body.GetProperty("endpoints").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        Assert.Equal(new HashSet<string?> { orders, completedOnly }, endpoints);

        var stats = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{orders}/stats");
        Assert.Equal(1, stats.GetProperty("pending").GetInt64());
        var none = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{canceledOnly}/stats");
        Assert.Equal(0, none.GetProperty("pending").GetInt64());

        var state = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/events/{body.GetProperty("id").GetString()}");
        Assert.Equal(2, state.GetProperty("deliveries").GetArrayLength());
        Assert.All(state.GetProperty("deliveries").EnumerateArray(), d => Assert.Equal("pending", d.GetProperty("state").GetProperty("status").GetString()));
    }

    [Fact]
    public async Task EventTypes_ListsEveryBuiltInTypeWithItsSchema()
    {
        var tenant = await Factory.CreateTenantAsync();
        var types = await tenant.Http.GetFromJsonAsync<JsonElement>("/v1/event-types");
        var names = types.GetProperty("data").EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        foreach (var type in new[] { "created", "paymentFailed", "paymentRefused", "completed", "partiallyCompleted", "fulfillmentFailed", "canceled", "aborted", "renewCompleted", "prebillingStarted", "statusChanged" })
        {
            Assert.Contains("order." + type, names);
        }

        Assert.All(types.GetProperty("data").EnumerateArray(), t => Assert.Equal(JsonValueKind.Object, t.GetProperty("schema").ValueKind));
    }

    [Fact]
    public async Task Ingest_MalformedJson_Is400Problem()
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsync("/v1/events", new StringContent("{\"subject\": ", Encoding.UTF8, "application/json"));
        await AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Ingest_UnknownType_Is422Problem()
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order("teleported"));
        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("order.teleported", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Ingest_SchemaViolations_Are422WithEveryErrorAndItsPointer()
    {
        var tenant = await Factory.CreateTenantAsync();
        var doc = Events.Order();
        doc["order"]!["customer"]!.AsObject().Remove("id");
        doc["order"]!["currency"] = "euro";
        doc["eventDate"] = "yesterday";

        var response = await tenant.Http.PostAsJsonAsync("/v1/events", doc);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Contains("/order/customer/id", paths);
        Assert.Contains("/order/currency", paths);
        Assert.Contains("/eventDate", paths);
        Assert.All(problem.GetProperty("errors").EnumerateArray(), e => Assert.False(string.IsNullOrEmpty(e.GetProperty("message").GetString())));
    }

    [Fact]
    public async Task Ingest_IntegerBeyond64Bits_Is422AtItsPointer_Not500()
    {
        var tenant = await Factory.CreateTenantAsync();
        var doc = Events.Order();
        doc["order"]!["items"]![0]!["quantity"] = System.Text.Json.Nodes.JsonValue.Create(12345678901234567890m);
        doc["eventDate"] = "yesterday"; // a second error, so the event is not accepted on the fast path alone

        var response = await tenant.Http.PostAsJsonAsync("/v1/events", doc);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("/order/items/0/quantity", problem.GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Ingest_BodyOverLimit_Is413Problem()
    {
        var tenant = await Factory.CreateTenantAsync();
        var doc = Events.Order();
        doc["padding"] = new string('x', 300 * 1024);
        var response = await tenant.Http.PostAsJsonAsync("/v1/events", doc);
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Ingest_WrongContentType_Is415Problem()
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsync("/v1/events", new StringContent(Events.Order().ToJsonString(), Encoding.UTF8, "text/plain"));
        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Ingest_MissingOrBadKey_Is401Problem()
    {
        var anonymous = Factory.CreateClient();
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/v1/events", Events.Order()), HttpStatusCode.Unauthorized);
        anonymous.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "gwk_not-a-key");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/v1/events", Events.Order()), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Ingest_SameIdempotencyKey_ReturnsFirstAnswerAndQueuesOnce()
    {
        var tenant = await Factory.CreateTenantAsync();
        var endpoint = await CreateEndpointAsync(tenant, ["*"]);
        var doc = Events.Order();

        var first = await SendWithKeyAsync(tenant, doc, "order-42-completed");
        var second = await SendWithKeyAsync(tenant, doc, "order-42-completed");

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
        Assert.Equal("true", second.Headers.GetValues("Idempotent-Replayed").Single());
        var stats = await tenant.Http.GetFromJsonAsync<JsonElement>($"/v1/endpoints/{endpoint}/stats");
        Assert.Equal(1, stats.GetProperty("pending").GetInt64());

        var changed = Events.Order();
        var reused = await SendWithKeyAsync(tenant, changed, "order-42-completed");
        await AssertProblemAsync(reused, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Ingest_IdempotencyKeysAreScopedPerTenant()
    {
        var one = await Factory.CreateTenantAsync();
        var two = await Factory.CreateTenantAsync();
        var a = await (await SendWithKeyAsync(one, Events.Order(), "same-key")).Content.ReadFromJsonAsync<JsonElement>();
        var b = await (await SendWithKeyAsync(two, Events.Order(), "same-key")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(a.GetProperty("id").GetString(), b.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Batch_GivesAResultForEachItem()
    {
        var tenant = await Factory.CreateTenantAsync();
        await CreateEndpointAsync(tenant, ["*"]);
        var bad = Events.Order();
        bad["order"]!.AsObject().Remove("currency");
        var batch = new JsonObject { ["events"] = new JsonArray(Events.Order(), bad, Events.Order("teleported"), Events.Order("canceled")) };

        var response = await tenant.Http.PostAsJsonAsync("/v1/events/batch", batch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, body.GetProperty("accepted").GetInt32());
        Assert.Equal(2, body.GetProperty("rejected").GetInt32());
        var statuses = body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()).ToArray();
        Assert.Equal([202, 422, 422, 202], statuses);
        Assert.Equal("/order/currency", body.GetProperty("results")[1].GetProperty("errors")[0].GetProperty("path").GetString());
    }

    [Fact]
    public async Task Batch_Empty_Is422()
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsJsonAsync("/v1/events/batch", new { events = Array.Empty<object>() });
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task CustomEventType_IsRegisteredAndValidatedTheSameWay()
    {
        var tenant = await Factory.CreateTenantAsync();
        var schema = JsonNode.Parse("""
            {"type":"object","required":["subject","type","invoiceId"],"properties":{"subject":{"const":"invoice"},"type":{"const":"paid"},"invoiceId":{"type":"string"}}}
            """);
        var created = await tenant.Http.PostAsJsonAsync("/v1/event-types", new { name = "invoice.paid", schema });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var endpoint = await CreateEndpointAsync(tenant, ["invoice.paid"]);

        var good = await tenant.Http.PostAsJsonAsync("/v1/events", new { subject = "invoice", type = "paid", invoiceId = "inv-1" });
        Assert.Equal(HttpStatusCode.Accepted, good.StatusCode);
        var bad = await tenant.Http.PostAsJsonAsync("/v1/events", new { subject = "invoice", type = "paid", invoiceId = 7 });
        var problem = await AssertProblemAsync(bad, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("/invoiceId", problem.GetProperty("errors")[0].GetProperty("path").GetString());

        var other = await Factory.CreateTenantAsync();
        var unknown = await other.Http.PostAsJsonAsync("/v1/events", new { subject = "invoice", type = "paid", invoiceId = "inv-1" });
        await AssertProblemAsync(unknown, HttpStatusCode.UnprocessableEntity);
        Assert.NotNull(endpoint);
    }

    [Fact]
    public async Task CustomEventType_InvalidSchema_Is422()
    {
        var tenant = await Factory.CreateTenantAsync();
        var response = await tenant.Http.PostAsJsonAsync("/v1/event-types", new { name = "invoice.paid", schema = new { type = "no-such-type" } });
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
    }

    protected static async Task<string> CreateEndpointAsync(TenantClient tenant, string[] eventTypes, string url = "http://127.0.0.1:9/hook", object? extra = null) =>
        (await tenant.CreateEndpointAsync(url, eventTypes, extra)).GetProperty("id").GetString()!;

    protected static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        return problem;
    }

    private static Task<HttpResponseMessage> SendWithKeyAsync(TenantClient tenant, JsonObject doc, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = JsonContent.Create(doc) };
        request.Headers.Add("Idempotency-Key", key);
        return tenant.Http.SendAsync(request);
    }
}

[Collection(RedisCollection.Name)]
public sealed class GatewayFlowOnRedisTests(RedisFixture store) : GatewayFlowTests(store);

[Collection(GarnetCollection.Name)]
public sealed class GatewayFlowOnGarnetTests(GarnetFixture store) : GatewayFlowTests(store);

[Collection(ClusterCollection.Name)]
public sealed class GatewayFlowOnClusterTests(ClusterFixture store) : GatewayFlowTests(store);

[Collection(RedisCollection.Name)]
public sealed class EventRetentionTests(RedisFixture store) : GatewayTestBase(store)
{
    [Fact]
    public async Task DelayedEndpoint_KeepsTheBodyForTheDelayPlusTheRetention()
    {
        var tenant = await Factory.CreateTenantAsync();
        const int delay = 6 * 24 * 3600; // longer than the 4-day default retention
        var created = await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = "http://127.0.0.1:9/later", eventTypes = new[] { "*" }, delaySeconds = delay });
        Assert.True(created.IsSuccessStatusCode);

        var accepted = await (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();
        var eventId = accepted.GetProperty("id").GetString()!;

        var ttl = await Factory.Store.Database.KeyTimeToLiveAsync(Factory.Store.Keys.Event(Gateway.Delivery.Storage.RedisKeys.ShardOf(eventId), eventId));
        Assert.NotNull(ttl);
        Assert.True(ttl > TimeSpan.FromSeconds(delay) + TimeSpan.FromDays(3.9), $"the body would expire after {ttl}, before its delayed delivery and retries");
    }
}

[Collection(RedisCollection.Name)]
public sealed class LongRetryScheduleRetentionTests(RedisFixture store) : GatewayTestBase(store)
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?>
    {
        ["Delivery:RetrySchedule"] = "5.00:00:00,5.00:00:00",
    };

    [Fact]
    public async Task RetryScheduleLongerThanTheRetention_KeepsTheBodyForEveryRetry()
    {
        var tenant = await Factory.CreateTenantAsync();
        Assert.True((await tenant.Http.PostAsJsonAsync("/v1/endpoints", new { url = "http://127.0.0.1:9/slow", eventTypes = new[] { "*" } })).IsSuccessStatusCode);
        var accepted = await (await tenant.Http.PostAsJsonAsync("/v1/events", Events.Order())).Content.ReadFromJsonAsync<JsonElement>();
        var eventId = accepted.GetProperty("id").GetString()!;

        var ttl = await Factory.Store.Database.KeyTimeToLiveAsync(Factory.Store.Keys.Event(Gateway.Delivery.Storage.RedisKeys.ShardOf(eventId), eventId));
        Assert.True(ttl > TimeSpan.FromDays(12), $"the body would expire after {ttl}, before the last retry (up to 12 days with jitter)");
    }
}
