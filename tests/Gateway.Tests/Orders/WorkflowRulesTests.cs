using System.Text.Json;
using Gateway.Orders;

namespace Gateway.Tests.Orders;

public sealed class WorkflowRulesTests
{
    private static IEnumerable<string> Paths(string json)
    {
        using var document = JsonDocument.Parse(json);
        var (workflow, errors) = WorkflowRequest.Parse(document.RootElement);
        Assert.Null(workflow);
        return errors.Select(e => e.Path);
    }

    [Fact]
    public void Parse_ValidDefinition_KeepsAdminOnlyFlags()
    {
        using var document = JsonDocument.Parse("""
            {"name":"mine","initial":"a","statuses":["a","b"],"transitions":[{"from":"a","to":"b"},{"from":"b","to":"a","adminOnly":true}]}
            """);

        var (workflow, errors) = WorkflowRequest.Parse(document.RootElement);

        Assert.Empty(errors);
        Assert.Null(workflow!.Preset);
        Assert.Equal([new WorkflowTransition("a", "b"), new WorkflowTransition("b", "a", true)], workflow.Transitions);
    }

    [Fact]
    public void Parse_Preset_IsCaseInsensitive()
    {
        using var document = JsonDocument.Parse("""{"preset":"BigCommerce"}""");

        Assert.Equal("bigcommerce", WorkflowRequest.Parse(document.RootElement).Workflow!.Name);
    }

    [Fact]
    public void Parse_UnknownPreset_PointsAtPreset() => Assert.Equal(["/preset"], Paths("""{"preset":"shopify"}"""));

    [Fact]
    public void Parse_PresetAndDefinition_IsRefused() => Assert.Equal(["/statuses"], Paths("""{"preset":"platform","statuses":["a"]}"""));

    [Fact]
    public void Parse_UnknownStatusInTransition_PointsAtIt() =>
        Assert.Equal(["/transitions/1/to"], Paths("""{"name":"w","initial":"a","statuses":["a","b"],"transitions":[{"from":"a","to":"b"},{"from":"b","to":"c"}]}"""));

    [Fact]
    public void Parse_InitialNotAStatus_PointsAtInitial() =>
        Assert.Equal(["/initial"], Paths("""{"name":"w","initial":"x","statuses":["a","b"],"transitions":[{"from":"a","to":"b"}]}"""));

    [Fact]
    public void Parse_UnreachableStatus_PointsAtEachOne() =>
        Assert.Equal(["/statuses/2", "/statuses/3"], Paths("""{"name":"w","initial":"a","statuses":["a","b","c","d"],"transitions":[{"from":"a","to":"b"},{"from":"c","to":"d"}]}"""));

    [Fact]
    public void Parse_DuplicateStatusAndTransition_PointsAtTheSecond() =>
        Assert.Equal(["/statuses/2", "/transitions/1"], Paths("""{"name":"w","initial":"a","statuses":["a","b","a"],"transitions":[{"from":"a","to":"b"},{"from":"a","to":"b","adminOnly":true}]}"""));

    [Fact]
    public void Parse_MissingFieldsAndBadTypes_PointAtEach() =>
        Assert.Equal(["/name", "/initial", "/statuses/1", "/transitions/0/from", "/transitions/0/adminOnly"],
            Paths("""{"statuses":["a"," padded"],"transitions":[{"to":"a","adminOnly":"yes"}]}"""));

    [Fact]
    public void Parse_ControlCharacterInStatus_IsRefused() =>
        Assert.Equal(["/statuses/1"], Paths("""{"name":"w","initial":"a","statuses":["a","b\nc"],"transitions":[]}"""));
}
