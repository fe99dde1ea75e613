using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Security;

namespace Gateway.Schemas;

/// <summary>
/// Checks a schema document against the shape draft-07 requires, and refuses what NJsonSchema 11.6 would
/// silently not enforce (a tenant must not believe a rule holds when it does not) or cannot load.
/// NJsonSchema itself accepts e.g. <c>"type": "strin"</c> and only fails on a bad <c>pattern</c> at validation time.
/// Every pattern must also run in linear time (<see cref="TenantRegex"/>), and references must not loop.
/// </summary>
internal static class SchemaDefinitionChecker
{
    private static readonly HashSet<string> SimpleTypes = ["array", "boolean", "integer", "null", "number", "object", "string"];
    private static readonly string[] SchemaMaps = ["properties", "definitions", "$defs", "patternProperties"];
    private static readonly string[] SchemaArrays = ["allOf", "anyOf", "oneOf"];
    private static readonly string[] Numbers = ["maximum", "minimum", "exclusiveMaximum", "exclusiveMinimum"];
    private static readonly string[] Counts = ["maxLength", "minLength", "maxItems", "minItems", "maxProperties", "minProperties"];
    private static readonly string[] Strings = ["$id", "$comment", "title", "description", "format", "contentMediaType", "contentEncoding"];
    private static readonly string[] Booleans = ["uniqueItems", "readOnly", "writeOnly"];
    private static readonly string[] NotEnforced = ["if", "then", "else", "contains", "propertyNames", "dependencies"];

    public static List<SchemaError> Check(JsonElement root)
    {
        var problems = new List<SchemaError>();
        if (root.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new("", "A schema must be a JSON object."));
            return problems;
        }

        if (root.TryGetProperty("$schema", out var draft) && !IsDraft07(draft))
        {
            problems.Add(new("/$schema", "Only JSON Schema draft-07 (\"http://json-schema.org/draft-07/schema#\") is supported."));
        }

        CheckSchema(root, "", problems);
        if (problems.Count == 0)
        {
            problems.AddRange(ReferenceCycles.Find(root));
        }

        return problems;
    }

    private static bool IsDraft07(JsonElement value) =>
        value.ValueKind == JsonValueKind.String
        && value.GetString()!.TrimEnd('#') is "http://json-schema.org/draft-07/schema" or "https://json-schema.org/draft-07/schema";

    private static void CheckSchema(JsonElement schema, string path, List<SchemaError> problems, bool booleanAllowed = false)
    {
        if (schema.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            if (!booleanAllowed)
            {
                problems.Add(new(path, "Boolean schemas are supported only for additionalProperties and additionalItems; use {} or {\"not\": {}}."));
            }

            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, "A schema must be a JSON object."));
            return;
        }

        foreach (var keyword in schema.EnumerateObject())
        {
            CheckKeyword(keyword.Name, keyword.Value, $"{path}/{JsonPointer.Escape(keyword.Name)}", problems);
        }

        if (schema.TryGetProperty("const", out _) && schema.TryGetProperty("enum", out _))
        {
            problems.Add(new(path, "Use either const or enum, not both."));
        }
    }

    private static void CheckKeyword(string name, JsonElement value, string path, List<SchemaError> problems)
    {
        switch (name)
        {
            case "type":
                CheckType(value, path, problems);
                break;
            case "$ref":
                if (value.ValueKind != JsonValueKind.String || !value.GetString()!.StartsWith('#'))
                {
                    problems.Add(new(path, "Only references inside the same document (\"#/definitions/…\") are allowed."));
                }

                break;
            case "items":
                if (value.ValueKind == JsonValueKind.Array)
                {
                    CheckSchemaArray(value, path, problems);
                }
                else
                {
                    CheckSchema(value, path, problems);
                }

                break;
            case "additionalProperties" or "additionalItems":
                CheckSchema(value, path, problems, booleanAllowed: true);
                break;
            case "not":
                CheckSchema(value, path, problems);
                break;
            case "required":
                if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String)
                    || value.EnumerateArray().Select(e => e.GetString()).Distinct().Count() != value.GetArrayLength())
                {
                    problems.Add(new(path, "required must be an array of distinct property names."));
                }

                break;
            case "enum":
                if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
                {
                    problems.Add(new(path, "enum must be a non-empty array."));
                }

                break;
            case "const":
                if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    problems.Add(new(path, "const is supported only with a string, number, boolean or null value."));
                }

                break;
            case "pattern":
                CheckRegex(value, path, problems);
                break;
            case "multipleOf":
                if (value.ValueKind != JsonValueKind.Number || value.GetDouble() <= 0)
                {
                    problems.Add(new(path, "multipleOf must be a number greater than 0."));
                }

                break;
            case "examples":
                if (value.ValueKind != JsonValueKind.Array)
                {
                    problems.Add(new(path, "examples must be an array."));
                }

                break;
            case var map when SchemaMaps.Contains(map):
                CheckSchemaMap(name, value, path, problems);
                break;
            case var array when SchemaArrays.Contains(array):
                CheckSchemaArray(value, path, problems);
                break;
            case var number when Numbers.Contains(number):
                Expect(value.ValueKind == JsonValueKind.Number, path, $"{name} must be a number.", problems);
                break;
            case var count when Counts.Contains(count):
                Expect(value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && n >= 0, path, $"{name} must be a non-negative integer.", problems);
                break;
            case var text when Strings.Contains(text):
                Expect(value.ValueKind == JsonValueKind.String, path, $"{name} must be a string.", problems);
                break;
            case var flag when Booleans.Contains(flag):
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False, path, $"{name} must be true or false.", problems);
                break;
            case var unsupported when NotEnforced.Contains(unsupported):
                problems.Add(new(path, $"The keyword '{name}' is not enforced by this gateway's validator; express the rule with other keywords."));
                break;
        }
    }

    private static void CheckType(JsonElement value, string path, List<SchemaError> problems)
    {
        var names = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()],
            JsonValueKind.Array => value.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null).ToList(),
            _ => new List<string?> { null },
        };
        if (names.Count == 0 || names.Any(n => n is null || !SimpleTypes.Contains(n)) || names.Distinct().Count() != names.Count)
        {
            problems.Add(new(path, "type must be one of array, boolean, integer, null, number, object, string, or a non-empty array of distinct ones."));
        }
    }

    private static void CheckSchemaMap(string name, JsonElement value, string path, List<SchemaError> problems)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new(path, $"{name} must be an object of schemas."));
            return;
        }

        foreach (var entry in value.EnumerateObject())
        {
            var entryPath = $"{path}/{JsonPointer.Escape(entry.Name)}";
            if (name == "patternProperties" && RegexError(entry.Name) is { } error)
            {
                problems.Add(new(entryPath, $"'{entry.Name}': {error}"));
            }

            CheckSchema(entry.Value, entryPath, problems);
        }
    }

    private static void CheckSchemaArray(JsonElement value, string path, List<SchemaError> problems)
    {
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            problems.Add(new(path, "Expected a non-empty array of schemas."));
            return;
        }

        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            CheckSchema(item, $"{path}/{index++}", problems);
        }
    }

    private static void CheckRegex(JsonElement value, string path, List<SchemaError> problems)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            problems.Add(new(path, "pattern must be a regular expression as a string."));
        }
        else if (RegexError(value.GetString()!) is { } error)
        {
            problems.Add(new(path, error));
        }
    }

    private static string? RegexError(string pattern) =>
        TenantRegex.TryCreate(pattern, RegexOptions.None, out _, out var error) ? null : error;

    private static void Expect(bool condition, string path, string message, List<SchemaError> problems)
    {
        if (!condition)
        {
            problems.Add(new(path, message));
        }
    }
}
