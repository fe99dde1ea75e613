using static Gateway.Tests.Filters.FilterFixtures;

namespace Gateway.Tests.Filters;

public sealed class FilterCombinatorTests
{
    [Theory]
    [InlineData("""{"and": [{"order.status": "Shipped"}, {"order.currency": "EUR"}]}""", true)]
    [InlineData("""{"and": [{"order.status": "Shipped"}, {"order.currency": "USD"}]}""", false)]
    [InlineData("""{"or": [{"order.status": "New"}, {"order.currency": "EUR"}]}""", true)]
    [InlineData("""{"or": [{"order.status": "New"}, {"order.currency": "USD"}]}""", false)]
    [InlineData("""{"not": {"order.status": "New"}}""", true)]
    [InlineData("""{"not": {"order.status": "Shipped"}}""", false)]
    [InlineData("""{"order.status": "Shipped", "order.currency": "EUR"}""", true)]
    [InlineData("""{"order.status": "Shipped", "order.currency": "USD"}""", false)]
    [InlineData("""{"or": [{"not": {"order.status": "Shipped"}}, {"and": [{"order.currency": "EUR"}, {"$orderTotal": {"gt": 40}}]}]}""", true)]
    public void Combinators_CombineAsExpected(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void EmptyFilterObject_MatchesEverything()
    {
        Assert.True(Matches("{}"));
        Assert.True(Compile("{}").Matches(Parse("[]")));
    }

    [Fact]
    public void RejectedBy_NamesFirstFailingCondition()
    {
        var filter = Compile("""{"and": [{"order.currency": "EUR"}, {"order.status": {"eq": "Canceled"}}, {"order.id": "nope"}]}""");

        Assert.False(filter.Matches(Order(), out var rejectedBy));
        Assert.Equal("order.status eq \"Canceled\"", rejectedBy);
    }

    [Fact]
    public void RejectedBy_NullOnMatch()
    {
        Assert.True(Compile("""{"order.status": "Shipped"}""").Matches(Order(), out var rejectedBy));
        Assert.Null(rejectedBy);
    }

    [Fact]
    public void RejectedBy_ForOrAndNot_DescribesTheWholeRule()
    {
        Assert.False(Compile("""{"or": [{"order.status": "New"}, {"$orderTotal": {"gt": 100}}]}""").Matches(Order(), out var or));
        Assert.False(Compile("""{"not": {"$customerEmail": {"like": ["*@example.com"]}}}""").Matches(Order(), out var not));

        Assert.Equal("any of (order.status eq \"New\"; $orderTotal gt 100)", or);
        Assert.Equal("not ($customerEmail like [\"*@example.com\"])", not);
    }

    [Fact]
    public void RejectedBy_NegatedOperator_ShowsOperatorAsWritten()
    {
        Assert.False(Compile("""{"$customerEmail": {"nlike": ["bad@x.com", "*@EXAMPLE.com"]}}""").Matches(Order(), out var rejectedBy));

        Assert.Equal("$customerEmail nlike [\"bad@x.com\",\"*@EXAMPLE.com\"]", rejectedBy);
    }
}
