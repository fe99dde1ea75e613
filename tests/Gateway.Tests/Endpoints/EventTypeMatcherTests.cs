using Gateway.Delivery.Endpoints;
using Gateway.Tenants;

namespace Gateway.Tests.Endpoints;

public sealed class EventTypeMatcherTests
{
    [Theory]
    [InlineData("*", "order.completed", true)]
    [InlineData("order.*", "order.completed", true)]
    [InlineData("order.*", "orders.completed", false)]
    [InlineData("order.*", "order", false)]
    [InlineData("order.completed", "order.completed", true)]
    [InlineData("order.completed", "order.canceled", false)]
    [InlineData("invoice.*", "order.completed", false)]
    public void Matches(string pattern, string type, bool expected) => Assert.Equal(expected, EventTypeMatcher.Matches(pattern, type));

    [Fact]
    public void ApiKeys_AreHashedDeterministically_AndCarry32Bytes()
    {
        var key = ApiKeys.Generate();
        Assert.Equal(ApiKeys.Hash(key), ApiKeys.Hash(key));
        Assert.NotEqual(ApiKeys.Hash(key), ApiKeys.Hash(ApiKeys.Generate()));
        Assert.Equal(64, ApiKeys.Hash(key).Length);
        Assert.Equal(43, key.Length - ApiKeys.Prefix.Length); // 32 bytes in unpadded base64url
    }
}
