using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using Gateway.Client;
using Gateway.Client.Http;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests.Client;

/// <summary>The client against the gateway's own OpenAPI document: a route or a response field it lacks fails here.</summary>
[Collection(RedisCollection.Name)]
public sealed class ClientDriftTests(RedisFixture store) : GatewayTestBase(store)
{
    /// <summary>Routes a client of the API does not call, each with the reason.</summary>
    private static readonly Dictionary<string, string> NotInClient = new(StringComparer.Ordinal)
    {
        ["POST /console/session"] = "the console page exchanges its link token for a cookie; an API client holds a key",
        ["GET /console/session"] = "the console page's own session (cookie)",
        ["DELETE /console/session"] = "the console page's sign-out (cookie)",
    };

    [Fact]
    public async Task Client_CallsEveryRouteOfTheDocument()
    {
        var document = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var documented = Operations(document).Select(o => o.Key).ToHashSet(StringComparer.Ordinal);
        var client = ClientMethods().Select(m => Key(m.Route)).ToList();

        Assert.True(documented.Count >= 50, $"only {documented.Count} routes in the document");
        var missing = documented.Except(client).Except(NotInClient.Keys).Order().ToList();
        Assert.True(missing.Count == 0, "Routes in the OpenAPI document that Gateway.Client lacks: " + string.Join(", ", missing));
        var stale = client.Except(documented).ToList();
        Assert.True(stale.Count == 0, "Gateway.Client methods naming no documented route: " + string.Join(", ", stale));
        Assert.Equal(client.Count, client.Distinct().Count());
    }

    [Fact]
    public async Task Client_ResponseRecords_HaveEveryDocumentedField()
    {
        var document = await Factory.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = Operations(document).ToDictionary(o => o.Key, o => o.Operation, StringComparer.Ordinal);
        var gaps = new List<string>();
        var compared = 0;
        foreach (var (method, route) in ClientMethods())
        {
            var returned = ResultType(method.ReturnType);
            if (returned is null || !operations.TryGetValue(Key(route), out var operation) || SuccessSchema(operation, document) is not { } schema)
            {
                continue;
            }

            // A method answering a list unwraps {"data":[…]}; compare the item.
            if (returned.IsGenericType && returned.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                returned = returned.GetGenericArguments()[0];
                schema = Resolve(schema.GetProperty("properties").GetProperty("data").GetProperty("items"), document);
            }

            // A method answering one value unwraps a one-field envelope ({"secret":…}, {"revoked":…}).
            if ((returned.IsPrimitive || returned == typeof(string)) && schema.GetProperty("properties").EnumerateObject().Count() == 1)
            {
                compared++;
                continue;
            }

            compared++;
            CompareFields(returned, schema, document, $"{Key(route)} → {returned.Name}", gaps, depth: 0);
        }

        Assert.True(compared >= 40, $"only {compared} responses compared");
        Assert.True(gaps.Count == 0, "Response fields in the OpenAPI document that Gateway.Client's records lack:\n" + string.Join("\n", gaps));
    }

    private static void CompareFields(Type type, JsonElement schema, JsonElement document, string at, List<string> gaps, int depth)
    {
        if (depth > 3 || !schema.TryGetProperty("properties", out var properties) || type == typeof(JsonElement) || type == typeof(object))
        {
            return;
        }

        var byName = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>() is null)
            .ToDictionary(p => p.GetCustomAttribute<System.Text.Json.Serialization.JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name), StringComparer.Ordinal);
        foreach (var field in properties.EnumerateObject())
        {
            if (!byName.TryGetValue(field.Name, out var property))
            {
                gaps.Add($"{at}: no {field.Name}");
                continue;
            }

            var fieldSchema = Resolve(field.Value, document);
            var fieldType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (fieldType.IsGenericType && fieldType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) && fieldSchema.TryGetProperty("items", out var items))
            {
                CompareFields(fieldType.GetGenericArguments()[0], Resolve(items, document), document, $"{at}.{field.Name}[]", gaps, depth + 1);
            }
            else if (fieldType.IsClass && fieldType != typeof(string))
            {
                CompareFields(fieldType, fieldSchema, document, $"{at}.{field.Name}", gaps, depth + 1);
            }
        }
    }

    private static JsonElement? SuccessSchema(JsonElement operation, JsonElement document) =>
        operation.GetProperty("responses").EnumerateObject().Where(r => r.Name.StartsWith('2'))
            .Select(r => r.Value.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out var json) ? Resolve(json.GetProperty("schema"), document) : (JsonElement?)null)
            .FirstOrDefault(s => s is not null);

    /// <summary>Follows a <c>$ref</c>, and the non-null branch of a nullable <c>oneOf</c>.</summary>
    private static JsonElement Resolve(JsonElement schema, JsonElement document)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            var name = reference.GetString()!.Split('/')[^1];
            return Resolve(document.GetProperty("components").GetProperty("schemas").GetProperty(name), document);
        }

        if (schema.TryGetProperty("oneOf", out var oneOf) && oneOf.EnumerateArray().FirstOrDefault(s => !(s.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == "null")) is { ValueKind: JsonValueKind.Object } branch)
        {
            return Resolve(branch, document);
        }

        return schema;
    }

    private static Type? ResultType(Type returnType) =>
        returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>) ? returnType.GetGenericArguments()[0] : null;

    private static IEnumerable<(string Key, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(op => op.Name is "get" or "post" or "put" or "patch" or "delete")
            .Select(op => ($"{op.Name.ToUpperInvariant()} {path.Name.TrimEnd('/')}", op.Value)));

    private static IEnumerable<(MethodInfo Method, GatewayRouteAttribute Route)> ClientMethods() =>
        typeof(GatewayClient).Assembly.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Select(m => (m, m.GetCustomAttribute<GatewayRouteAttribute>()))
            .Where(p => p.Item2 is not null)
            .Select(p => (p.m, p.Item2!));

    private static string Key(GatewayRouteAttribute route) => $"{route.Method} {route.Path}";
}
