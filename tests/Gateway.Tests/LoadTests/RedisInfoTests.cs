using System.Text;
using LoadDriver.Hosting;

namespace Gateway.Tests.LoadTests;

public sealed class RedisInfoTests
{
    private const string Stats = "# Stats\r\ntotal_connections_received:12\r\ntotal_commands_processed:48213\r\ninstantaneous_ops_per_sec:7\r\n";

    [Fact]
    public void Field_TotalCommandsProcessed_IsRead() =>
        Assert.Equal(48213, RedisInfo.Field(Stats, "total_commands_processed"));

    [Fact]
    public void Field_NameThatIsOnlyAPrefix_IsNotMatched() =>
        Assert.Null(RedisInfo.Field(Stats, "total_commands"));

    [Fact]
    public void BulkString_Complete_GivesThePayload()
    {
        var reply = Encoding.UTF8.GetBytes($"${Stats.Length}\r\n{Stats}\r\n");

        Assert.Equal(Stats, RedisInfo.BulkString(reply));
    }

    [Fact]
    public void BulkString_PartlyReceived_AsksForMore()
    {
        var reply = Encoding.UTF8.GetBytes($"${Stats.Length}\r\n{Stats[..10]}");

        Assert.Null(RedisInfo.BulkString(reply));
    }

    [Fact]
    public void BulkString_ErrorReply_Throws() =>
        Assert.Throws<InvalidOperationException>(() => RedisInfo.BulkString("-NOAUTH Authentication required.\r\n"u8));
}
