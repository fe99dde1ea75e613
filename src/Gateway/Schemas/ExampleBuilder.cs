using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.Schemas;

/// <summary>
/// Builds an example document from a JSON Schema: <c>const</c>, then the first of <c>examples</c>, <c>enum</c> or
/// <c>default</c>, else a value of the type (every property of an object, one item of an array). A console user
/// starts a test event from it; the built-in schemas' examples validate (tested).
/// </summary>
public static class ExampleBuilder
{
    private const int MaxDepth = 8;

    public static JsonNode? Build(JsonElement schema, DateTimeOffset now) => Value(schema, schema, "", now, 0);

    private static JsonNode? Value(JsonElement root, JsonElement schema, string name, DateTimeOffset now, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > MaxDepth)
        {
            return null;
        }

        if (schema.TryGetProperty("$ref", out var reference) && Resolve(root, reference.GetString()) is { } target)
        {
            return Value(root, target, name, now, depth + 1);
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return JsonNode.Parse(constant.GetRawText());
        }

        foreach (var keyword in (string[])["examples", "enum"])
        {
            if (schema.TryGetProperty(keyword, out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0)
            {
                return JsonNode.Parse(list[0].GetRawText());
            }
        }

        if (schema.TryGetProperty("default", out var fallback))
        {
            return JsonNode.Parse(fallback.GetRawText());
        }

        foreach (var keyword in (string[])["oneOf", "anyOf", "allOf"])
        {
            if (schema.TryGetProperty(keyword, out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                return Value(root, choices[0], name, now, depth + 1);
            }
        }

        return TypeOf(schema) switch
        {
            "object" => Object(root, schema, now, depth),
            "array" => new JsonArray(schema.TryGetProperty("items", out var items) ? Value(root, items, name, now, depth + 1) : JsonValue.Create("item")),
            "string" => JsonValue.Create(Text(schema, name, now)),
            "integer" => JsonValue.Create((long)Math.Max(Minimum(schema), 1)),
            "number" => JsonValue.Create(name is "price" or "total" ? 10.0 : Math.Max(Minimum(schema), 1)),
            "boolean" => JsonValue.Create(false),
            _ => null,
        };
    }

    private static JsonObject Object(JsonElement root, JsonElement schema, DateTimeOffset now, int depth)
    {
        var result = new JsonObject();
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                if (Value(root, property.Value, property.Name, now, depth + 1) is { } value)
                {
                    result[property.Name] = value;
                }
            }
        }

        return result;
    }

    private static string Text(JsonElement schema, string name, DateTimeOffset now)
    {
        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return format switch
        {
            "date-time" => now.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            "date" => now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "email" => "customer@example.com",
            "uri" => "https://example.com/",
            _ when schema.TryGetProperty("contentEncoding", out _) => "e30=",
            _ => name switch
            {
                "objectId" or "id" => "ORD-1001",
                "productCode" => "SKU-1",
                "" => "example",
                _ => name + "-example",
            },
        };
    }

    private static string? TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var type))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : null;
        }

        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
            : type.GetString();
    }

    private static double Minimum(JsonElement schema) =>
        schema.TryGetProperty("minimum", out var min) && min.TryGetDouble(out var value) ? value : 0;

    private static JsonElement? Resolve(JsonElement root, string? reference)
    {
        if (reference is null || !reference.StartsWith("#/", StringComparison.Ordinal))
        {
            return null;
        }

        var node = root;
        foreach (var part in reference[2..].Split('/'))
        {
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(part.Replace("~1", "/").Replace("~0", "~"), out node))
            {
                return null;
            }
        }

        return node;
    }
}
