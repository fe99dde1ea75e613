using Gateway.Schemas;
using Newtonsoft.Json.Linq;

namespace Gateway.Tests.Schemas;

public sealed class JsonPointerTests
{
    private static readonly JToken Document = JToken.Parse("""{"order": {"items": [{"price": 1}], "a.b": {"c": 1}, "[odd": 2, "x~y/z": 3, "": {"x": 1}}}""");

    [Theory]
    [InlineData("$", "")]
    [InlineData("order.items[0].price", "/order/items/0/price")]
    [InlineData("order['a.b'].c", "/order/a.b/c")]
    [InlineData("order['[odd']", "/order/[odd")]
    [InlineData("order['x~y/z']", "/order/x~0y~1z")]
    [InlineData("order[''].x", "/order//x")]
    public void Of_Token_IsItsRfc6901Pointer(string jsonPath, string pointer) =>
        Assert.Equal(pointer, JsonPointer.Of(Document.SelectToken(jsonPath, errorWhenNoMatch: true)));

    [Fact]
    public async Task Of_ValidationErrors_PointAtTheValueTheMissingPropertyAndTheUnwantedProperty()
    {
        var schema = await EventTypeSchema.FromJsonAsync("x.y", """
            {"type": "object", "required": ["top"], "properties": {
              "o": {"type": "object", "required": ["missing.name"], "additionalProperties": false,
                    "properties": {"items": {"type": "array", "items": {"type": "integer"}}}}}}
            """);

        var errors = schema.Validate("""{"o": {"items": [1, "two"], "a.b": 1}}""");

        Assert.Equal(["/o/a.b", "/o/items/1", "/o/missing.name", "/top"], errors.Select(e => e.Path).Order(StringComparer.Ordinal));
    }
}
