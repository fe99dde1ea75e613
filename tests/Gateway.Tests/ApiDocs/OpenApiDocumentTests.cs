using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Gateway.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Gateway.Tests.ApiDocs;

[Collection(RedisCollection.Name)]
public sealed class OpenApiDocumentTests(RedisFixture store) : GatewayTestBase(store)
{
    protected override IDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Gateway:Roles"] = "api,worker" };

    [Fact]
    public async Task Document_DescribesEveryMappedRoute_WithSchemasAuthAndProblems()
    {
        var document = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths").EnumerateObject().ToDictionary(p => Normalize(p.Name), p => p.Value);
        var routes = MappedRoutes();
        Assert.True(routes.Count >= 50, $"only {routes.Count} routes found");

        var missing = new List<string>();
        foreach (var (method, path) in routes)
        {
            if (!paths.TryGetValue(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
            {
                missing.Add($"{method} {path}");
                continue;
            }

            Assert.False(string.IsNullOrWhiteSpace(operation.GetProperty("summary").GetString()), $"{method} {path}: no summary");
            Assert.True(operation.GetProperty("tags").GetArrayLength() == 1, $"{method} {path}: not one tag");
            var responses = operation.GetProperty("responses");
            var success = responses.EnumerateObject().Where(r => r.Name.StartsWith('2')).ToList();
            Assert.True(success.Count == 1, $"{method} {path}: {success.Count} success responses");
            if (success[0].Name != "204")
            {
                Assert.True(success[0].Value.TryGetProperty("content", out _), $"{method} {path}: no response schema");
            }

            if (path.StartsWith("/v1", StringComparison.Ordinal) || path.StartsWith("/admin", StringComparison.Ordinal))
            {
                Assert.True(operation.GetProperty("security").GetArrayLength() > 0, $"{method} {path}: no security");
                Assert.True(responses.GetProperty("401").GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path}: no 401 problem");
            }
        }

        Assert.True(missing.Count == 0, "Routes missing from the OpenAPI document: " + string.Join(", ", missing));
        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("tenantKey").GetProperty("scheme").GetString());
        Assert.Equal("cookie", schemes.GetProperty("consoleSession").GetProperty("in").GetString());
    }

    /// <summary>
    /// The document is kept exact: it is produced from the handlers' types, and any change to a route, a schema or a
    /// field's nullability shows here as a diff against <c>docs/openapi.v1.json</c>. After a deliberate change, run the
    /// test with <c>UPDATE_OPENAPI=1</c> to write the new document, and review its diff.
    /// </summary>
    [Fact]
    public async Task Document_IsTheCheckedInDocument()
    {
        var served = await Factory.CreateClient().GetStringAsync("/openapi/v1.json");
        var path = Path.Combine(Deploy.Repository.Root, "docs", "openapi.v1.json");
        var actual = Canonical(served);
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, actual);
        }

        var expected = File.Exists(path) ? await File.ReadAllTextAsync(path) : "(missing: run with UPDATE_OPENAPI=1)";
        var firstDifference = FirstDifferentLine(expected, actual);
        Assert.True(firstDifference is null, $"The OpenAPI document differs from docs/openapi.v1.json at {firstDifference}; if the change is deliberate, run with UPDATE_OPENAPI=1 and review the diff.");
    }

    /// <summary>Indented, with object members in their served order: the file diffs line by line.</summary>
    private static string Canonical(string json) =>
        JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(json), new JsonSerializerOptions { WriteIndented = true }).ReplaceLineEndings("\n") + "\n";

    private static string? FirstDifferentLine(string expected, string actual)
    {
        var want = expected.ReplaceLineEndings("\n").Split('\n');
        var got = actual.Split('\n');
        for (var i = 0; i < Math.Max(want.Length, got.Length); i++)
        {
            var a = i < want.Length ? want[i] : "(end)";
            var b = i < got.Length ? got[i] : "(end)";
            if (a != b)
            {
                return $"line {i + 1}: expected `{a.Trim()}`, served `{b.Trim()}`";
            }
        }

        return null;
    }

    [Fact]
    public async Task Document_NullableFields_AreNotRequired()
    {
        // Handlers omit null fields (WhenWritingNull), so a nullable field may be absent: "required" would be a lie.
        var document = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var lies = new List<string>();
        CollectNullableRequired(document, "", lies);

        Assert.True(lies.Count == 0, $"{lies.Count} nullable fields marked required, e.g. " + string.Join(", ", lies.Take(10)));
        var endpoint = document.GetProperty("paths").GetProperty("/v1/endpoints/{id}").GetProperty("get").GetProperty("responses").GetProperty("200")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (endpoint.TryGetProperty("$ref", out var reference))
        {
            endpoint = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        var required = endpoint.GetProperty("required").EnumerateArray().Select(r => r.GetString()).ToList();
        Assert.Contains("id", required);
        Assert.Contains("url", required);
        Assert.Contains("createdAt", required);
        Assert.DoesNotContain("description", required);
        Assert.DoesNotContain("filter", required); // JsonElement?: its schema says nothing of null, its type does
        Assert.DoesNotContain("maxOrderItems", required);
    }

    [Fact]
    public async Task Document_LogsAnswer_IsAPageOrAnOrderTimeline()
    {
        var document = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var logs = document.GetProperty("paths").GetProperty("/v1/logs").GetProperty("get");
        var shapes = logs.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json")
            .GetProperty("schema").GetProperty("oneOf").EnumerateArray().ToList();

        Assert.Equal(2, shapes.Count);
        Assert.True(shapes[0].GetProperty("properties").TryGetProperty("data", out _), shapes[0].ToString());
        Assert.Equal(["events", "objectId", "truncated"], shapes[1].GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains(logs.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "objectId");
    }

    /// <summary>Every object schema in the document (components and inline ones) whose required list names a nullable property.</summary>
    private static void CollectNullableRequired(JsonElement node, string at, List<string> lies)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in node.EnumerateArray())
            {
                CollectNullableRequired(item, $"{at}/{i++}", lies);
            }

            return;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array && node.TryGetProperty("properties", out var properties))
        {
            lies.AddRange(required.EnumerateArray().Select(r => r.GetString()!)
                .Where(name => properties.TryGetProperty(name, out var property) && IsNullable(property))
                .Select(name => $"{at}:{name}"));
        }

        foreach (var child in node.EnumerateObject())
        {
            CollectNullableRequired(child.Value, $"{at}/{child.Name}", lies);
        }
    }

    private static bool IsNullable(JsonElement property) =>
        (property.TryGetProperty("type", out var type) && (type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Any(t => t.GetString() == "null") : type.GetString() == "null"))
        || (property.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().Any(IsNullable))
        || (property.TryGetProperty("anyOf", out var anyOf) && anyOf.EnumerateArray().Any(IsNullable));

    [Fact]
    public async Task Docs_ServesScalarFromTheGateway_NotACdn()
    {
        var response = await Factory.CreateClient().GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        Assert.DoesNotContain("cdn.jsdelivr", html);
    }

    /// <summary>Group routes mapped at "/" come out as "/v1/endpoints/"; the document writes them without the slash.</summary>
    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;

    /// <summary>Every route a client can call: mapped with an HTTP method and not excluded from the description.</summary>
    private List<(string Method, string Path)> MappedRoutes()
    {
        var source = Factory.Services.GetRequiredService<EndpointDataSource>();
        return [.. source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>() is not { ExcludeFromDescription: true })
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (m, Normalize("/" + e.RoutePattern.RawText!.TrimStart('/')))))
            .Distinct()];
    }
}
