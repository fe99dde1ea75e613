using Gateway.Schemas;

namespace Gateway.Tests.Schemas;

public sealed class EventTypeSchemaTests
{
    [Theory]
    [InlineData("{", "")]
    [InlineData("[]", "")]
    [InlineData("""{"type": "strin"}""", "/type")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": 5}}}""", "/properties/a/type")]
    [InlineData("""{"required": "a"}""", "/required")]
    [InlineData("""{"properties": {"a": {"pattern": "["}}}""", "/properties/a/pattern")]
    [InlineData("""{"properties": {"a": {"$ref": "https://example.com/s.json"}}}""", "/properties/a/$ref")]
    [InlineData("""{"$schema": "https://json-schema.org/draft/2020-12/schema"}""", "/$schema")]
    [InlineData("""{"if": {"type": "string"}, "then": {"maxLength": 1}}""", "/if")]
    [InlineData("""{"items": true}""", "/items")]
    [InlineData("""{"minLength": -1}""", "/minLength")]
    [InlineData("""{"properties": {"a~b/c": {"enum": []}}}""", "/properties/a~0b~1c/enum")]
    public async Task FromJsonAsync_InvalidSchema_ThrowsWithPointerToTheProblem(string schemaJson, string path)
    {
        var error = await Assert.ThrowsAsync<SchemaDefinitionException>(() => EventTypeSchema.FromJsonAsync("x.y", schemaJson));

        Assert.Contains("x.y", error.Message);
        if (path.Length > 0)
        {
            Assert.Contains(path, error.Problems.Select(p => p.Path));
        }
    }

    [Theory]
    [InlineData("""{"$ref": "#"}""", "/$ref")]
    [InlineData("""{"properties": {"x": {"$ref": "#/properties/x"}}}""", "/properties/x/$ref")]
    [InlineData("""{"definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}, "properties": {"x": {"$ref": "#/definitions/a"}}}""", "/definitions/b/$ref")]
    [InlineData("""{"definitions": {"a": {"anyOf": [{"type": "string"}, {"$ref": "#/definitions/a"}]}}, "properties": {"x": {"$ref": "#/definitions/a"}}}""", "/definitions/a/anyOf/1/$ref")]
    [InlineData("""{"definitions": {"a": {"allOf": [{"not": {"$ref": "#/definitions/a"}}]}}}""", "/definitions/a/allOf/0/not/$ref")]
    [InlineData("""{"definitions": {"a~b": {"oneOf": [{"$ref": "#/definitions/a~0b"}]}}}""", "/definitions/a~0b/oneOf/0/$ref")]
    public async Task FromJsonAsync_ReferenceCycle_IsRefusedWithItsPointer(string schemaJson, string path)
    {
        var error = await Assert.ThrowsAsync<SchemaDefinitionException>(() => EventTypeSchema.FromJsonAsync("x.y", schemaJson));

        Assert.Contains(path, error.Problems.Select(p => p.Path));
    }

    [Fact]
    public async Task FromJsonAsync_RecursionThroughProperties_IsATreeAndValidates()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"definitions": {"node": {"type": "object", "properties": {"value": {"type": "integer"}, "children": {"type": "array", "items": {"$ref": "#/definitions/node"}}}}},
             "type": "object", "properties": {"tree": {"$ref": "#/definitions/node"}}}
            """);

        Assert.Empty(schema.Validate("""{"tree": {"value": 1, "children": [{"value": 2, "children": [{"value": 3}]}]}}"""));
        Assert.Equal(["/tree/children/0/children/0/value"], schema.Validate("""{"tree": {"value": 1, "children": [{"value": 2, "children": [{"value": "x"}]}]}}""").Select(e => e.Path));
    }

    [Fact]
    public async Task FromJsonAsync_UnresolvableReference_Throws()
    {
        var error = await Assert.ThrowsAsync<SchemaDefinitionException>(
            () => EventTypeSchema.FromJsonAsync("x.y", """{"properties": {"a": {"$ref": "#/definitions/missing"}}}"""));

        Assert.Contains("#/definitions/missing", error.Message);
    }

    [Fact]
    public async Task FromJsonAsync_ValidSchema_KeepsItsTextAndDescription()
    {
        const string json = """{"$schema": "http://json-schema.org/draft-07/schema#", "description": "A test.", "type": "object"}""";

        var schema = await EventTypeSchema.FromJsonAsync("shop.tested", json);

        Assert.Equal("shop.tested", schema.Name);
        Assert.Equal("A test.", schema.Description);
        Assert.Equal(json, schema.SchemaJson);
        Assert.Equal("object", schema.SchemaElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Validate_NamesWithDotsSlashesAndTildes_AreEscapedPointers()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "properties": {
              "a.b": {"type": "object", "required": ["x/y"]},
              "c~d": {"type": "array", "items": {"type": "object", "properties": {"e[0]": {"type": "integer"}}}}}}
            """);

        var errors = schema.Validate("""{"a.b": {}, "c~d": [{"e[0]": 1}, {"e[0]": "no"}]}""");

        Assert.Equal(["/a.b/x~1y", "/c~0d/1/e[0]"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Validate_AnyOf_ReportsTheAlternativeAndTheClosestMismatch()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "properties": {"price": {"anyOf": [
              {"type": "number"},
              {"type": "object", "required": ["amount", "currency"], "properties": {"amount": {"type": "number"}, "currency": {"type": "string"}}}]}}}
            """);

        var errors = schema.Validate("""{"price": {"amount": "12", "currency": "EUR"}}""");

        Assert.Equal("/price", errors[0].Path);
        Assert.Contains("anyOf", errors[0].Message);
        Assert.Contains(new SchemaError("/price/amount", "Expected a number, got a string."), errors);
    }

    [Fact]
    public async Task Validate_OneOfMatchedTwice_SaysSo()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """{"oneOf": [{"type": "integer"}, {"minimum": 0}]}""");

        var error = Assert.Single(schema.Validate("5"));

        Assert.Equal("", error.Path);
        Assert.Contains("more than one", error.Message);
    }

    [Fact]
    public async Task Validate_NullableType_GivesOneMessage()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """{"type": "object", "properties": {"note": {"type": ["string", "null"], "maxLength": 3}}}""");

        Assert.Equal([new SchemaError("/note", "Expected string or null, got an integer.")], schema.Validate("""{"note": 5}"""));
        Assert.Equal([new SchemaError("/note", "Must be at most 3 characters long.")], schema.Validate("""{"note": "long"}"""));
        Assert.Empty(schema.Validate("""{"note": null}"""));
    }

    [Fact]
    public async Task Validate_Const_IsEnforced()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """{"type": "object", "properties": {"v": {"const": 2}}}""");

        Assert.Empty(schema.Validate("""{"v": 2}"""));
        Assert.Equal([new SchemaError("/v", "Must be 2.")], schema.Validate("""{"v": 3}"""));
    }

    [Fact]
    public async Task Validate_IsThreadSafe()
    {
        var schema = SchemaSamples.Schema("order.completed");
        var good = SchemaSamples.Text("order.completed");
        var bad = good.Replace("\"EUR\"", "\"eur\"", StringComparison.Ordinal);

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() => schema.Validate(i % 2 == 0 ? good : bad).Count)));

        Assert.All(results.Where((_, i) => i % 2 == 0), count => Assert.Equal(0, count));
        Assert.All(results.Where((_, i) => i % 2 == 1), count => Assert.Equal(1, count));
    }
}
