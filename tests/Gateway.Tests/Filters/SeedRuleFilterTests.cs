using System.Text.Json.Nodes;
using static Gateway.Tests.Filters.FilterFixtures;

namespace Gateway.Tests.Filters;

/// <summary>Each subscriber rule of the order-updates workflow seed (002), written as a filter.</summary>
public sealed class SeedRuleFilterTests
{
    private const string Blocklist = """{"$customerEmail": {"nlike": ["bad@x.com", "*@spam.com"]}}""";

    [Theory]
    [InlineData("Shipped", true)]
    [InlineData("Processing", false)]
    public void OrderStatusTrigger(string status, bool expected)
    {
        var evt = Order(root => OrderOf(root)["status"] = status);

        Assert.Equal(expected, Matches("""{"order.status": {"in": ["Shipped", "Partially Shipped"]}}""", evt));
    }

    [Theory]
    [InlineData(100.01, true)]
    [InlineData(100, false)]
    [InlineData(20, false)]
    public void PriceTrigger_Above_WithTotalField(double total, bool expected)
    {
        var evt = Order(root => OrderOf(root)["total"] = total);

        Assert.Equal(expected, Matches("""{"$orderTotal": {"gt": 100}}""", evt));
    }

    [Fact]
    public void PriceTrigger_BelowAndAbove_WithoutTotalField_UseItemSum()
    {
        // The sample's items sum to 2 × 19.99 + 10 = 49.98.
        Assert.True(Matches("""{"$orderTotal": {"lt": 50}}"""));
        Assert.False(Matches("""{"$orderTotal": {"lt": 49.98}}"""));
        Assert.True(Matches("""{"$orderTotal": {"gte": 49.98}}"""));
        Assert.False(Matches("""{"$orderTotal": {"gt": 50}}"""));
    }

    [Fact]
    public void ProductFilter_RequiresOneOfTheCodes()
    {
        const string filter = """{"$itemCodes": {"in": ["SKU-BLUE", "SKU-GOLD"]}}""";
        var without = Order(root => OrderOf(root)["items"] = JsonNode.Parse("""[{"productCode": "SKU-RED", "price": 1}]"""));

        Assert.True(Matches(filter));
        Assert.False(Matches(filter, without));
    }

    [Fact]
    public void ProductFilter_RequiringEveryCode_IsAnAnd()
    {
        const string filter = """{"and": [{"$itemCodes": "SKU-RED"}, {"$itemCodes": "SKU-GOLD"}]}""";

        Assert.False(Matches(filter));
        Assert.True(Matches("""{"and": [{"$itemCodes": "SKU-RED"}, {"$itemCodes": "SKU-BLUE"}]}"""));
    }

    [Theory]
    [InlineData("bad@x.com", false)]
    [InlineData("BAD@X.COM", false)]
    [InlineData("anyone@spam.com", false)]
    [InlineData("Anyone@Spam.Com", false)]
    [InlineData("anyone@notspam.com", true)]
    [InlineData("good@x.com", true)]
    [InlineData("", true)]
    public void CustomerBlocklist_ExactAndWildcardDomains(string email, bool expected)
    {
        var evt = Order(root => CustomerOf(root)["email"] = email);

        Assert.Equal(expected, Matches(Blocklist, evt));
    }

    [Fact]
    public void CustomerBlocklist_EventWithoutEmail_IsNotRejected()
    {
        Assert.True(Matches(Blocklist, Order(root => CustomerOf(root).Remove("email"))));
        Assert.True(Matches(Blocklist, Order(root => CustomerOf(root)["email"] = null)));
        Assert.True(Matches(Blocklist, Order(root => OrderOf(root).Remove("customer"))));
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(7, true)]
    public void OrderCountIs_AtLeastTwo(int count, bool expected)
    {
        var evt = Order(root => CustomerOf(root)["orderCount"] = count);

        Assert.Equal(expected, Matches("""{"order.customer.orderCount": {"gte": 2}}""", evt));
    }

    [Fact]
    public void OrderCountIs_FieldAbsent_IsFalse()
    {
        var evt = Order(root => CustomerOf(root).Remove("orderCount"));

        Assert.False(Matches("""{"order.customer.orderCount": {"gte": 2}}""", evt));
        Assert.False(Matches("""{"order.customer.orderCount": {"lt": 2}}""", evt));
    }

    [Fact]
    public void AllRulesTogether_OneEndpointFilter()
    {
        var filter = Compile("""
            {
              "$eventType": {"in": ["order.completed", "order.created"]},
              "order.status": "Shipped",
              "$orderTotal": {"gt": 25},
              "$itemCodes": {"in": ["SKU-RED"]},
              "$customerEmail": {"nlike": ["bad@x.com", "*@spam.com"]},
              "order.customer.orderCount": {"gte": 2}
            }
            """);

        Assert.True(filter.Matches(Order()));
        Assert.False(filter.Matches(Order(root => CustomerOf(root)["email"] = "x@spam.com"), out var rejectedBy));
        Assert.Equal("$customerEmail nlike [\"bad@x.com\",\"*@spam.com\"]", rejectedBy);
    }
}
