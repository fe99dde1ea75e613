using System.Text;
using System.Text.Json;
using Gateway.Orders;
using Gateway.Tests.Schemas;

namespace Gateway.Tests.Orders;

public sealed class OrderStatusEventTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Build_FullChange_ValidatesAgainstTheSchema()
    {
        var body = OrderStatusEvent.Build("o-1", "Completed", "In Progress", "done \"quoted\"", """{"name":"Ada","email":"a@b.c"}""",
            """[{"offerName":"X","quantity":1,"price":9.5}]""", Now);

        var json = Encoding.UTF8.GetString(body);
        Assert.Empty(SchemaSamples.Schema("order.statusChanged").Validate(json));
        var root = JsonDocument.Parse(json).RootElement;
        Assert.Equal("2026-03-01T12:30:00.000Z", root.GetProperty("eventDate").GetString());
        Assert.Equal("o-1", root.GetProperty("objectId").GetString());
        Assert.Equal("done \"quoted\"", root.GetProperty("order").GetProperty("message").GetString());
        Assert.Equal("a@b.c", root.GetProperty("order").GetProperty("customer").GetProperty("email").GetString());
    }

    [Fact]
    public void Build_CreationWithoutMessage_OmitsPreviousStatusAndMessage()
    {
        var json = Encoding.UTF8.GetString(OrderStatusEvent.Build("o-1", "In Progress", null, null, """{"name":"Ada"}""", "[]", Now));

        Assert.Empty(SchemaSamples.Schema("order.statusChanged").Validate(json));
        var order = JsonDocument.Parse(json).RootElement.GetProperty("order");
        Assert.False(order.TryGetProperty("previousStatus", out _));
        Assert.False(order.TryGetProperty("message", out _));
    }
}
