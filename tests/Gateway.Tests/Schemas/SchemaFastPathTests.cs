using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Schemas;

namespace Gateway.Tests.Schemas;

/// <summary>
/// The fast path may only ever say "valid" when NJsonSchema would: every seed schema's sample and hundreds of
/// mutations of it are checked by both, and the fast path must never accept what NJsonSchema refuses.
/// </summary>
public sealed class SchemaFastPathTests
{
    private static readonly JsonNode?[] Replacements =
    [
        null, 0, -1, 1.5, 1e-30, 12345678901234567890m, "", "x", "2026-13-45T99:00:00Z", "2026-11-29T10:00:00Z", "not-an-email",
        "a@b.example", new string('z', 300), true, false, new JsonArray(), new JsonObject(), new JsonArray(1, "a"),
        new JsonObject { ["zz"] = 1 },
    ];

    [Theory]
    [MemberData(nameof(SchemaSamples.All), MemberType = typeof(SchemaSamples))]
    public void SeedSchema_HasAFastPath_ThatAcceptsItsSample(string eventType)
    {
        var schema = SchemaSamples.Schema(eventType);
        using var sample = JsonDocument.Parse(SchemaSamples.Text(eventType));

        Assert.True(schema.HasFastPath);
        Assert.True(schema.FastPathAccepts(sample.RootElement));
        Assert.Empty(schema.Validate(sample.RootElement));
    }

    [Theory]
    [MemberData(nameof(SchemaSamples.All), MemberType = typeof(SchemaSamples))]
    public void SeedSchema_Mutations_FastPathNeverAcceptsWhatNJsonSchemaRefuses(string eventType)
    {
        var schema = SchemaSamples.Schema(eventType);
        var variants = Mutations(SchemaSamples.Document(eventType)).ToList();
        var agreed = 0;
        foreach (var variant in variants)
        {
            var text = variant.ToJsonString();
            using var document = JsonDocument.Parse(text);
            var fast = schema.FastPathAccepts(document.RootElement);
            var errors = schema.Validate(text);
            Assert.False(fast && errors.Count > 0, $"the fast path accepted {text}, which NJsonSchema refuses: {string.Join("; ", errors.Select(e => e.Path + " " + e.Message))}");
            Assert.Equal(errors, schema.Validate(document.RootElement));
            agreed += fast == (errors.Count == 0) ? 1 : 0;
        }

        // Conservative is allowed, but the fast path must be the one deciding almost every valid event.
        Assert.True(variants.Count > 50, $"only {variants.Count} variants");
        Assert.True(agreed >= variants.Count * 0.95, $"the fast path agreed with NJsonSchema on {agreed} of {variants.Count}");
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer"}}}""", """{"n":1.0}""", false)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer"}}}""", """{"n":1e2}""", false)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer"}}}""", """{"n":12}""", true)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"number","minimum":0.1}}}""", """{"n":0.2}""", true)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer","minimum":1}}}""", """{"n":1}""", true)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"number","exclusiveMinimum":0}}}""", """{"n":0}""", false)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"number","maximum":10}}}""", """{"n":10.5}""", false)]
    [InlineData("""{"type":"object","properties":{"s":{"type":["string","null"]}}}""", """{"s":null}""", true)]
    [InlineData("""{"type":"object","properties":{"s":{"type":"string"}}}""", """{"s":null}""", false)]
    [InlineData("""{"type":"object","properties":{"s":{"enum":["a","b"]}}}""", """{"s":"c"}""", false)]
    [InlineData("""{"type":"object","properties":{"s":{"const":"a"}}}""", """{"s":"a"}""", true)]
    [InlineData("""{"type":"object","properties":{"s":{"type":"string","pattern":"^[0-9]+$"}}}""", """{"s":"12a"}""", false)]
    [InlineData("""{"type":"object","properties":{"s":{"type":"string","format":"date-time"}}}""", """{"s":"2026-02-30T10:00:00Z"}""", false)]
    [InlineData("""{"type":"object","properties":{"s":{"type":"string","maxLength":2}}}""", """{"s":"abc"}""", false)]
    [InlineData("""{"type":"object","required":["a"],"properties":{"a":{}}}""", """{"b":1}""", false)]
    [InlineData("""{"type":"object","required":["a"]}""", """{"a":1}""", true)]
    [InlineData("""{"type":"object","required":["a","b"]}""", """{"a":1,"a":2}""", false)]
    [InlineData("""{"type":"object","required":["a","b"],"properties":{"a":{}}}""", """{"b":1,"c":2,"a":3}""", true)]
    [InlineData("""{"type":"object","additionalProperties":false,"properties":{"a":{}}}""", """{"a":1,"b":2}""", false)]
    [InlineData("""{"type":"object","additionalProperties":{"type":"string"}}""", """{"a":"x","b":2}""", false)]
    [InlineData("""{"type":"object","properties":{"l":{"type":"array","items":{"$ref":"#/definitions/i"}}},"definitions":{"i":{"type":"integer"}}}""", """{"l":[1,2,"3"]}""", false)]
    [InlineData("""{"type":"object","properties":{"l":{"type":"array","items":{"$ref":"#/definitions/i"}}},"definitions":{"i":{"type":"integer"}}}""", """{"l":[1,2,3]}""", true)]
    public async Task FastPath_DecidesLikeNJsonSchema(string schemaJson, string documentJson, bool valid)
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", schemaJson);
        using var document = JsonDocument.Parse(documentJson);

        Assert.True(schema.HasFastPath);
        Assert.Equal(valid, schema.FastPathAccepts(document.RootElement));
        Assert.Equal(valid, schema.Validate(documentJson).Count == 0);
        Assert.Equal(valid, schema.Validate(document.RootElement).Count == 0);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"n":{"type":"number","minimum":0.1}}}""", """{"n":0.1}""", true)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"number","exclusiveMaximum":1}}}""", """{"n":0.9999999999999999999}""", false)]
    [InlineData("""{"type":"object","properties":{"a":{"type":"integer"}}}""", """{"a":"x","a":1}""", true)]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer"}}}""", """{"n":12345678901234567890}""", false)]
    public async Task DoubtfulCases_AreLeftToNJsonSchema(string schemaJson, string documentJson, bool valid)
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", schemaJson);
        using var document = JsonDocument.Parse(documentJson);

        Assert.False(schema.FastPathAccepts(document.RootElement));
        Assert.Equal(valid, schema.Validate(document.RootElement).Count == 0);
    }

    [Fact]
    public async Task IntegerBeyond64Bits_IsAClearErrorAtItsPointer_NotAnException()
    {
        // Newtonsoft keeps it as a BigInteger, which NJsonSchema's decimal read could not convert: the ingestion answered 500.
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """{"type":"object","properties":{"order":{"type":"object","properties":{"n":{"type":"integer","minimum":0}}}}}""");

        var error = Assert.Single(schema.Validate("""{"order":{"n":12345678901234567890}}"""));

        Assert.Equal("/order/n", error.Path);
        Assert.Contains("too large", error.Message);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"a":{"anyOf":[{"type":"string"},{"type":"integer"}]}}}""", """{"a":true}""", """{"a":3}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"array","minItems":2}}}""", """{"a":[1]}""", """{"a":[1,2]}""")]
    [InlineData("""{"type":"object","properties":{"a":{"enum":[1,2]}}}""", """{"a":3}""", """{"a":2}""")]
    [InlineData("""{"type":"object","patternProperties":{"^x":{"type":"integer"}}}""", """{"xa":"s"}""", """{"xa":1}""")]
    public async Task SchemaBeyondTheFastPath_IsValidatedByNJsonSchemaAlone(string schemaJson, string invalidJson, string validJson)
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", schemaJson);
        using var invalid = JsonDocument.Parse(invalidJson);
        using var valid = JsonDocument.Parse(validJson);

        Assert.False(schema.HasFastPath);
        Assert.NotEmpty(schema.Validate(invalid.RootElement));
        Assert.Empty(schema.Validate(valid.RootElement));
    }

    /// <summary>The sample with, in turn, every property removed, and every value replaced by each of <see cref="Replacements"/>.</summary>
    private static IEnumerable<JsonNode> Mutations(JsonNode root)
    {
        foreach (var path in Paths(root, []))
        {
            if (path.Count == 0)
            {
                continue;
            }

            var removed = root.DeepClone();
            if (Parent(removed, path) is JsonObject parentObject && path[^1] is string name)
            {
                parentObject.Remove(name);
                yield return removed;
            }

            foreach (var replacement in Replacements)
            {
                var changed = root.DeepClone();
                var parent = Parent(changed, path);
                if (path[^1] is string key)
                {
                    parent!.AsObject()[key] = replacement?.DeepClone();
                }
                else
                {
                    parent!.AsArray()[(int)path[^1]] = replacement?.DeepClone();
                }

                yield return changed;
            }

            if (Parent(root, path) is JsonObject)
            {
                var extra = root.DeepClone();
                Parent(extra, path)!.AsObject()["unexpectedProperty"] = 1;
                yield return extra;
            }
        }
    }

    private static IEnumerable<List<object>> Paths(JsonNode? node, List<object> prefix)
    {
        yield return prefix;
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    foreach (var path in Paths(child, [.. prefix, name]))
                    {
                        yield return path;
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    foreach (var path in Paths(array[i], [.. prefix, i]))
                    {
                        yield return path;
                    }
                }

                break;
        }
    }

    private static JsonNode? Parent(JsonNode root, List<object> path)
    {
        var node = root;
        foreach (var step in path.Take(path.Count - 1))
        {
            node = step is string name ? node![name] : node![(int)step];
        }

        return node;
    }
}
