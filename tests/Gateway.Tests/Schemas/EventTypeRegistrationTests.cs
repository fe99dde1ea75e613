using System.Diagnostics;
using System.Net;
using System.Text;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Schemas;

/// <summary><c>POST /v1/event-types</c> refuses schemas that could not be enforced safely, and says where.</summary>
[Collection(RedisCollection.Name)]
public sealed class EventTypeRegistrationTests(RedisFixture store, ITestOutputHelper output) : GatewayTestBase(store)
{
    [Theory]
    [InlineData("""{"type": "object", "properties": {"code": {"type": "string", "pattern": "^(a)\\1$"}}}""", "/schema/properties/code/pattern")]
    [InlineData("""{"type": "object", "patternProperties": {"^(?=x)": {}}}""", "/schema/patternProperties/^(?=x)")]
    [InlineData("""{"$ref": "#"}""", "/schema/$ref")]
    [InlineData("""{"type": "object", "properties": {"next": {"$ref": "#/properties/next"}}}""", "/schema/properties/next/$ref")]
    public async Task Register_SchemaThatCannotBeEnforced_Is422WithPointer(string schema, string path)
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await tenant.Http.PostAsync("/v1/event-types", Json($$"""{"name": "gift.redeemed", "schema": {{schema}}}"""));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal([path], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Register_SchemaWithALoneSurrogate_Is400WithPointer_AsEveryBodyIs()
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await tenant.Http.PostAsync("/v1/event-types", Json("""{"name": "gift.redeemed", "schema": {"type": "object", "properties": {"bad\ud800": {}}}}"""));

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["/schema/properties"], ProblemAssert.ErrorPaths(problem));
    }

    [Fact]
    public async Task Ingest_HostilePatternAndValue_IsRefusedQuickly()
    {
        var tenant = await Factory.CreateTenantAsync();
        var created = await tenant.Http.PostAsync("/v1/event-types", Json("""
            {"name": "gift.redeemed", "schema": {"type": "object", "properties": {
              "code": {"type": "string", "pattern": "^(a+)+$"}},
              "patternProperties": {"^(b+)+$": {"type": "integer"}}}}
            """));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var hostile = $$"""{"subject": "gift", "type": "redeemed", "code": "{{new string('a', 260)}}!", "{{new string('b', 250)}}!": 1}""";
        // Warm: the first event of the type loads it and compiles the regex engine's code.
        Assert.Equal(HttpStatusCode.Accepted, (await tenant.Http.PostAsync("/v1/events", Json("""{"subject": "gift", "type": "redeemed", "code": "aaa", "bbb": 1}"""))).StatusCode);

        var watch = Stopwatch.StartNew();
        var response = await tenant.Http.PostAsync("/v1/events", Json(hostile)).WaitAsync(TimeSpan.FromSeconds(30));
        var elapsed = watch.Elapsed;
        output.WriteLine($"hostile ingestion request: {elapsed.TotalMilliseconds:F1} ms");

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(["/code"], ProblemAssert.ErrorPaths(problem));
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"ingestion took {elapsed.TotalMilliseconds:F0} ms");
    }

    [Theory]
    [InlineData("""{"type": "object", "properties": {"code": {"type": "string", "pattern": "^(a)\\1$"}}}""")]
    [InlineData("""{"type": "object", "definitions": {"a": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/a"}]}}, "properties": {"x": {"$ref": "#/definitions/a"}}}""")]
    public async Task StoredTypeNoLongerAccepted_IsSkippedWithAnErrorLog_AndTheTenantsOtherTypesStillWork(string schema)
    {
        var tenant = await Factory.CreateTenantAsync();
        Assert.Equal(HttpStatusCode.Created, (await tenant.Http.PostAsync("/v1/event-types", Json("""{"name": "gift.sent", "schema": {"type": "object"}}"""))).StatusCode);
        // Registered before the rule it breaks existed: written as the registry writes it, bypassing the API's check.
        var type = new Gateway.Schemas.CustomEventType("gift.redeemed", null, System.Text.Json.JsonDocument.Parse(schema).RootElement, DateTimeOffset.UtcNow);
        await Factory.Store.Database.HashSetAsync(
            Factory.Store.Keys.TenantEventTypes(tenant.Id), type.Name, System.Text.Json.JsonSerializer.Serialize(type, Gateway.Delivery.Storage.GatewayJson.Options));

        var refused = await tenant.Http.PostAsync("/v1/events", Json("""{"subject": "gift", "type": "redeemed", "x": "aa", "code": "aa"}"""));
        var accepted = await tenant.Http.PostAsync("/v1/events", Json("""{"subject": "gift", "type": "sent"}"""));

        await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Contains(Factory.Logs.GetSnapshot(), r => r.Level == Microsoft.Extensions.Logging.LogLevel.Error && r.Message.Contains("gift.redeemed", StringComparison.Ordinal));
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");
}
