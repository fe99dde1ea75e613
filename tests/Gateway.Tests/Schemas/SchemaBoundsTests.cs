using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Schemas;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Schemas;

/// <summary>A tenant's schema is bounded (README, Security): over a bound it is refused with 422 and the pointer, fast.</summary>
[Collection(RedisCollection.Name)]
public sealed class SchemaBoundsTests(RedisFixture store, ITestOutputHelper output) : GatewayTestBase(store)
{
    public static TheoryData<string, string> OverBounds => new()
    {
        { "properties", "/schema/properties" },
        { "depth", "/schema" + string.Concat(Enumerable.Repeat("/properties/a", 16)) },
        { "enum", "/schema/properties/code/enum" },
        { "nodes", "/schema/examples/" },
        { "bytes", "/schema" },
    };

    [Theory]
    [MemberData(nameof(OverBounds))]
    public async Task Schema_OverABound_Is422WithThePointer(string bound, string pointer)
    {
        var tenant = await Factory.CreateTenantAsync();

        var response = await tenant.Http.PostAsJsonAsync("/v1/event-types", new { name = "invoice.paid", schema = Schema(bound) });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith(pointer, ProblemAssert.ErrorPaths(problem)[0]);
        Assert.Equal(HttpStatusCode.NotFound, (await tenant.Http.GetAsync("/v1/event-types/invoice.paid")).StatusCode);
    }

    [Fact]
    public async Task Schema_WithTwentyThousandProperties_IsRefusedWellUnder100Ms()
    {
        var tenant = await Factory.CreateTenantAsync();
        var properties = new JsonObject();
        for (var i = 0; i < 20_000; i++)
        {
            properties[$"p{i}"] = new JsonObject { ["type"] = "string" };
        }

        var body = new JsonObject { ["name"] = "invoice.paid", ["schema"] = new JsonObject { ["type"] = "object", ["properties"] = properties } }.ToJsonString();
        await tenant.Http.PostAsJsonAsync("/v1/event-types", new { name = "warm.up", schema = new { type = "object" } });

        var timer = Stopwatch.StartNew();
        var response = await tenant.Http.PostAsync("/v1/event-types", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        timer.Stop();

        output.WriteLine($"20,000-property schema ({body.Length:N0} bytes): {(int)response.StatusCode} in {timer.Elapsed.TotalMilliseconds:0} ms");
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.True(timer.Elapsed < TimeSpan.FromMilliseconds(500), $"took {timer.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Schema_AtTheBounds_IsAccepted_AndTheListingServesItFromOneSerialisation()
    {
        var tenant = await Factory.CreateTenantAsync();
        var properties = new JsonObject();
        for (var i = 0; i < SchemaBounds.MaxPropertiesPerObject; i++)
        {
            properties[$"p{i}"] = new JsonObject { ["type"] = "string" };
        }

        var created = await tenant.Http.PostAsJsonAsync("/v1/event-types", new { name = "invoice.paid", schema = new JsonObject { ["type"] = "object", ["properties"] = properties } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var first = await tenant.Http.GetStringAsync("/v1/event-types");
        var second = await tenant.Http.GetStringAsync("/v1/event-types");
        Assert.Equal(first, second);
        var listed = JsonDocument.Parse(first).RootElement.GetProperty("data").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "invoice.paid");
        Assert.False(listed.GetProperty("builtIn").GetBoolean());
        Assert.Equal(SchemaBounds.MaxPropertiesPerObject, listed.GetProperty("schema").GetProperty("properties").EnumerateObject().Count());
        Assert.Contains(JsonDocument.Parse(first).RootElement.GetProperty("data").EnumerateArray(), t => t.GetProperty("name").GetString() == "order.completed" && t.GetProperty("builtIn").GetBoolean());

        var registry = Factory.Services.GetService(typeof(EventTypeRegistry)) as EventTypeRegistry;
        var schema = (await registry!.FindAsync(tenant.Id, "invoice.paid"))!;
        Assert.True(MemoryMarshal.TryGetArray(schema.ListingEntry(false), out var a));
        Assert.True(MemoryMarshal.TryGetArray(schema.ListingEntry(false), out var b));
        Assert.Same(a.Array, b.Array);
    }

    private static JsonObject Schema(string bound)
    {
        switch (bound)
        {
            case "properties":
                var wide = new JsonObject();
                for (var i = 0; i <= SchemaBounds.MaxPropertiesPerObject; i++)
                {
                    wide[$"p{i}"] = new JsonObject { ["type"] = "string" };
                }

                return new JsonObject { ["type"] = "object", ["properties"] = wide };
            case "depth":
                var deep = new JsonObject { ["type"] = "string" };
                // Past the bound, within the parser's own depth limit (64): two levels per wrap.
                for (var i = 0; i <= SchemaBounds.MaxDepth / 2; i++)
                {
                    deep = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["a"] = deep } };
                }

                return deep;
            case "enum":
                return new JsonObject
                {
                    ["type"] = "object",
                    ["properties"] = new JsonObject { ["code"] = new JsonObject { ["enum"] = new JsonArray([.. Enumerable.Range(0, SchemaBounds.MaxEnumValues + 1).Select(i => (JsonNode)$"c{i}")]) } },
                };
            case "nodes":
                return new JsonObject { ["type"] = "object", ["examples"] = new JsonArray([.. Enumerable.Range(0, SchemaBounds.MaxNodes).Select(_ => (JsonNode)0)]) };
            default:
                return new JsonObject { ["type"] = "object", ["description"] = new string('x', SchemaBounds.MaxBytes + 1) };
        }
    }
}
