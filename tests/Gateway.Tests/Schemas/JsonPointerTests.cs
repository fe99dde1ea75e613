using Gateway.Schemas;
using Newtonsoft.Json.Linq;

namespace Gateway.Tests.Schemas;

public sealed class JsonPointerTests
{
    private static readonly JToken Document = JToken.Parse("""{"order": {"items": [{"price": 1}], "a.b": {"c": 1}, "": {"x": 1}}}""");

    [Theory]
    [InlineData("#/", "")]
    [InlineData("#/order.items[0].price", "/order/items/0/price")]
    [InlineData("#/order.a.b.c", "/order/a.b/c")]
    [InlineData("#/order.currency", "/order/currency")]
    [InlineData("#/order.missing.name", "/order/missing.name")]
    [InlineData("#/order.items[7]", "/order/items/7")]
    [InlineData("#/order.[odd", "/order/[odd")]
    [InlineData("#/x~y/z", "/x~0y~1z")]
    public void FromValidationPath_ConvertsToRfc6901(string path, string pointer) =>
        Assert.Equal(pointer, JsonPointer.FromValidationPath(path, Document, out _));
}
