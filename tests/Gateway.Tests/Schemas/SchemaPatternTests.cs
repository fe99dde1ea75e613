using Gateway.Schemas;
using Gateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Gateway.Tests.Schemas;

/// <summary>Tenant-supplied <c>pattern</c> and <c>patternProperties</c> run in linear time, or are refused.</summary>
public sealed class SchemaPatternTests(ITestOutputHelper output)
{
    // Issue 15 measured 3.9 s for 26 characters with backtracking, doubling per character; these are 10x that.
    private static readonly string HostileValue = new string('a', 260) + "!";
    private static readonly string HostileName = new string('a', 250) + "!";

    // Far above the few milliseconds linear matching takes, far below the hours backtracking would.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Validate_NestedQuantifierPattern_HostileValue_RunsInLinearTime()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "properties": {"code": {"type": "string", "pattern": "^(a+)+$"}}}
            """);

        Assert.Empty(schema.Validate("""{"code": "aaaa"}""")); // warm: the first match compiles the regex engine's code

        var (errors, elapsed) = await CpuBound.RunAsync(() => schema.Validate($$"""{"code": "{{HostileValue}}"}"""), Guard);

        Assert.Equal([new SchemaError("/code", "Does not match the pattern ^(a+)+$.")], errors);
        output.WriteLine($"hostile validation: {elapsed.TotalMilliseconds:F2} ms");
        Assert.True(elapsed < Bound, $"validation took {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Validate_NestedQuantifierPatternProperty_HostileName_RunsInLinearTime()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "patternProperties": {"^(a+)+$": {"type": "integer"}}, "additionalProperties": false}
            """);

        Assert.Empty(schema.Validate("""{"aaaa": 1}""")); // warm

        var (errors, elapsed) = await CpuBound.RunAsync(() => schema.Validate($$"""{"{{HostileName}}": 1}"""), Guard);

        Assert.Equal("/" + HostileName, Assert.Single(errors).Path);
        output.WriteLine($"hostile validation: {elapsed.TotalMilliseconds:F2} ms");
        Assert.True(elapsed < Bound, $"validation took {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task Validate_PatternProperties_KeepTheirMeaning()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object",
             "properties": {"name": {"type": "string"}},
             "patternProperties": {"^n_": {"type": "integer"}, "_s$": {"type": "string"}},
             "additionalProperties": {"type": "boolean"}}
            """);

        Assert.Empty(schema.Validate("""{"name": "x", "n_count": 1, "label_s": "y", "flag": true}"""));
        var errors = schema.Validate("""{"name": "x", "n_count": "one", "label_s": 2, "flag": "yes"}""");

        Assert.Equal(["/flag", "/label_s", "/n_count"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Validate_PatternPropertyMatchingSeveralPatterns_MustMatchEach()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "patternProperties": {"^n_": {"type": "integer"}, "_s$": {"type": "string"}}}
            """);

        Assert.Equal(["/n_both_s"], schema.Validate("""{"n_both_s": 1}""").Select(e => e.Path));
    }

    [Fact]
    public async Task Validate_PatternPropertiesWithoutAdditionalProperties_RefuseTheRest()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "properties": {"id": {}}, "patternProperties": {"^x-": {}}, "additionalProperties": false}
            """);

        Assert.Empty(schema.Validate("""{"id": 1, "x-a": 2}"""));
        var error = Assert.Single(schema.Validate("""{"id": 1, "x-a": 2, "other": 3}"""));
        Assert.Equal(new SchemaError("/other", "Property 'other' is not allowed here."), error);
    }

    [Fact]
    public async Task Validate_PatternInsideDefinitionsAndArrays_IsStillEnforced()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "definitions": {"code": {"type": "string", "pattern": "^[A-Z]{3}$"}},
             "properties": {"codes": {"type": "array", "items": {"$ref": "#/definitions/code"}},
                            "either": {"anyOf": [{"type": "integer"}, {"$ref": "#/definitions/code"}]}}}
            """);

        Assert.Empty(schema.Validate("""{"codes": ["EUR", "USD"], "either": "GBP"}"""));
        var paths = schema.Validate("""{"codes": ["EUR", "usd"], "either": "gbp"}""").Select(e => e.Path).ToList();

        Assert.Contains("/codes/1", paths);
        Assert.Contains("/either", paths);
    }

    [Theory]
    [InlineData("""{"properties": {"a": {"pattern": "^(a)\\1$"}}}""", "/properties/a/pattern")]
    [InlineData("""{"properties": {"a": {"pattern": "^(?=a)a$"}}}""", "/properties/a/pattern")]
    [InlineData("""{"properties": {"a": {"pattern": "(?<!b)a"}}}""", "/properties/a/pattern")]
    [InlineData("""{"properties": {"a": {"pattern": "(?>a+)b"}}}""", "/properties/a/pattern")]
    [InlineData("""{"definitions": {"d": {"pattern": "(?(a)a|b)"}}}""", "/definitions/d/pattern")]
    [InlineData("""{"patternProperties": {"^(x)\\1$": {}}}""", "/patternProperties/^(x)\\1$")]
    [InlineData("""{"patternProperties": {"a/(?=b)": {}}}""", "/patternProperties/a~1(?=b)")]
    public async Task FromJsonAsync_PatternThatNeedsBacktracking_IsRefusedWithItsPointer(string schemaJson, string path)
    {
        var error = await Assert.ThrowsAsync<SchemaDefinitionException>(() => EventTypeSchema.FromJsonAsync("x.y", schemaJson));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(path, problem.Path);
        Assert.Contains("linear time", problem.Message);
    }
}
