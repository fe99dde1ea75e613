namespace Gateway.Tests.Deploy;

public sealed class MiniYamlTests
{
    [Fact]
    public void Parse_NestedMappingsSequencesAndScalars()
    {
        var yaml = """
            # comment
            name: demo
            services:
              web:
                ports:
                  - "8080:8080"
                  - 9090:9090
                command: ["a b", 'it''s', plain]  # trailing
                env:
                  KEY: ${VAR:-default}
                  URL: http://host:1/x#frag
              empty:
            list:
            - name: one
              value: 1
            - two
            """;

        var root = Assert.IsType<Dictionary<string, object?>>(MiniYaml.Parse(yaml));

        Assert.Equal("demo", root["name"]);
        var web = (Dictionary<string, object?>)((Dictionary<string, object?>)root["services"]!)["web"]!;
        Assert.Equal(["8080:8080", "9090:9090"], (List<object?>)web["ports"]!);
        Assert.Equal(["a b", "it's", "plain"], (List<object?>)web["command"]!);
        var env = (Dictionary<string, object?>)web["env"]!;
        Assert.Equal("${VAR:-default}", env["KEY"]);
        Assert.Equal("http://host:1/x#frag", env["URL"]);
        Assert.Null(((Dictionary<string, object?>)root["services"]!)["empty"]);
        var list = (List<object?>)root["list"]!;
        Assert.Equal("one", ((Dictionary<string, object?>)list[0]!)["name"]);
        Assert.Equal("1", ((Dictionary<string, object?>)list[0]!)["value"]);
        Assert.Equal("two", list[1]);
    }

    [Theory]
    [InlineData("a: 1\na: 2\n")]
    [InlineData("a: &anchor 1\n")]
    [InlineData("a: |\n  text\n")]
    [InlineData("a: {b: 1}\n")]
    [InlineData("a:\n\tb: 1\n")]
    [InlineData("a: 1\n   b: 2\n")]
    [InlineData("a: \"open\n")]
    public void Parse_UnsupportedOrInvalid_Throws(string yaml)
    {
        Assert.Throws<FormatException>(() => MiniYaml.Parse(yaml));
    }
}
