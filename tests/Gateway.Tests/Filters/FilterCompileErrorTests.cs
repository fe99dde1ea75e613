using System.Text;
using Gateway.Filters;
using static Gateway.Tests.Filters.FilterFixtures;

namespace Gateway.Tests.Filters;

public sealed class FilterCompileErrorTests
{
    [Theory]
    [InlineData("""{"order.status": {"equals": "Shipped"}}""", "/order.status/equals")]
    [InlineData("""{"order": {"status": "Shipped"}}""", "/order/status")]
    [InlineData("""{"order.status": {"eq": ["Shipped"]}}""", "/order.status/eq")]
    [InlineData("""{"order.status": {"eq": {"a": 1}}}""", "/order.status/eq")]
    [InlineData("""{"order.status": {"in": "Shipped"}}""", "/order.status/in")]
    [InlineData("""{"order.status": {"in": []}}""", "/order.status/in")]
    [InlineData("""{"order.status": {"nin": ["a", {"b": 1}]}}""", "/order.status/nin/1")]
    [InlineData("""{"order.total": {"gt": true}}""", "/order.total/gt")]
    [InlineData("""{"order.total": {"lte": 1e40}}""", "/order.total/lte")]
    [InlineData("""{"order.total": {"exists": "yes"}}""", "/order.total/exists")]
    [InlineData("""{"order.status": {"regex": "(unclosed"}}""", "/order.status/regex")]
    [InlineData("""{"order.status": {"regex": 5}}""", "/order.status/regex")]
    [InlineData("""{"order.status": {"regex": "^(a)\\1$"}}""", "/order.status/regex")]
    [InlineData("""{"order.status": {"regex": "^(?!Ship)"}}""", "/order.status/regex")]
    [InlineData("""{"$customerEmail": {"nlike": ["ok@x.com", 3]}}""", "/$customerEmail/nlike/1")]
    [InlineData("""{"$customerEmail": {"like": []}}""", "/$customerEmail/like")]
    [InlineData("""{"order.status": {}}""", "/order.status")]
    [InlineData("""{"order.status": ["a", "b"]}""", "/order.status")]
    [InlineData("""{"and": []}""", "/and")]
    [InlineData("""{"or": []}""", "/or")]
    [InlineData("""{"and": {"order.status": "x"}}""", "/and")]
    [InlineData("""{"or": [{"order.status": "x"}, "y"]}""", "/or/1")]
    [InlineData("""{"not": [{"order.status": "x"}]}""", "/not")]
    [InlineData("""{"not": {}}""", "/not")]
    [InlineData("""{"order..status": "x"}""", "/order..status")]
    [InlineData("""{".order": "x"}""", "/.order")]
    [InlineData("""{"order.": "x"}""", "/order.")]
    [InlineData("""{"": "x"}""", "/")]
    [InlineData("""{"$total": {"gt": 1}}""", "/$total")]
    [InlineData("""{"a/b~c": {"bad": 1}}""", "/a~1b~0c/bad")]
    [InlineData("""{"and": [{"x": 1}, {"order.total": {"gt": "1", "lt": []}}]}""", "/and/1/order.total/lt")]
    [InlineData("\"order.status\"", "")]
    [InlineData("null", "")]
    public void BadFilter_IsRefusedWithItsPath(string filter, string path)
    {
        var error = Assert.Single(Errors(filter));

        Assert.Equal(path, error.Path);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void BadFilter_ReportsEveryError()
    {
        var errors = Errors("""
            {
              "order.status": {"eq": "Shipped", "equals": 1},
              "or": [{"$nope": 1}, {"order.total": {"regex": "("}}],
              "not": {"a..b": {"gt": null}}
            }
            """);

        Assert.Equal(
            ["/order.status/equals", "/or/0/$nope", "/or/1/order.total/regex", "/not/a..b", "/not/a..b/gt"],
            errors.Select(e => e.Path));
    }

    [Fact]
    public void TooDeep_IsRefusedAtTheSeventeenthLevel()
    {
        Assert.True(EventFilter.Compile(Parse(Nested(16))).Success);

        var error = Assert.Single(Errors(Nested(17)));
        Assert.Equal(string.Concat(Enumerable.Repeat("/not", 16)), error.Path);
        Assert.Contains("16", error.Message);
    }

    [Fact]
    public void TooLarge_IsRefusedAtTheRoot()
    {
        Assert.True(EventFilter.Compile(Parse(Conditions(256))).Success);

        var error = Assert.Single(Errors(Conditions(257)));
        Assert.Equal("", error.Path);
        Assert.Contains("256", error.Message);
    }

    [Fact]
    public void NodeCount_CountsCombinatorsAndOperators()
    {
        var filter = Compile("""{"or": [{"a": 1}, {"not": {"b": {"gt": 1, "lt": 5}}}]}""");

        Assert.Equal(5, filter.NodeCount);
    }

    private static string Nested(int levels)
    {
        var json = new StringBuilder();
        for (var i = 1; i < levels; i++)
        {
            json.Append("{\"not\": ");
        }

        json.Append("{\"order.status\": \"x\"}");
        json.Append('}', levels - 1);
        return json.ToString();
    }

    private static string Conditions(int count) =>
        "{\"and\": [" + string.Join(", ", Enumerable.Range(0, count - 1).Select(i => $"{{\"f{i}\": {i}}}")) + "]}";
}
