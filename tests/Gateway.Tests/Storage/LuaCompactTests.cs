using Gateway.Delivery.Storage;

namespace Gateway.Tests.Storage;

public sealed class LuaCompactTests
{
    [Fact]
    public void Compact_DropsCommentLinesIndentationAndBlankLines_KeepsEveryStatementOnItsOwnLine()
    {
        const string script = """
            -- Returns the answer.
              -- an indented comment
            local a = 1

                if a == 1 then -- a trailing comment stays
                  return 'a--b'
                end
            """;

        Assert.Equal("local a = 1\nif a == 1 then -- a trailing comment stays\nreturn 'a--b'\nend", LuaScripts.Compact(script));
    }
}
