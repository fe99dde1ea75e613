using static Gateway.Tests.Filters.FilterFixtures;

namespace Gateway.Tests.Filters;

public sealed class FilterOperatorTests
{
    [Theory]
    [InlineData("""{"order.status": {"eq": "Shipped"}}""", true)]
    [InlineData("""{"order.status": {"eq": "shipped"}}""", false)]
    [InlineData("""{"order.status": "Shipped"}""", true)]
    [InlineData("""{"order.customer.orderCount": 3}""", true)]
    [InlineData("""{"order.customer.orderCount": 3.0}""", true)]
    [InlineData("""{"order.customer.orderCount": "3"}""", false)]
    [InlineData("""{"order.consentFlags.newsletterOptin": true}""", true)]
    [InlineData("""{"order.consentFlags.newsletterOptin": false}""", false)]
    [InlineData("""{"order.cartId": null}""", false)]
    public void Eq_SameTypeAndValue_Matches(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void Eq_Null_MatchesExplicitNullOnly()
    {
        var withNull = Order(root => OrderOf(root)["cartId"] = null);

        Assert.True(Matches("""{"order.cartId": null}""", withNull));
        Assert.True(Matches("""{"order.cartId": {"ne": null}}"""));
    }

    [Theory]
    [InlineData("""{"order.status": {"ne": "Shipped"}}""", false)]
    [InlineData("""{"order.status": {"ne": "Canceled"}}""", true)]
    [InlineData("""{"order.cartId": {"ne": "x"}}""", true)]
    public void Ne_IsNegationOfEq_AbsentCountsAsNotEqual(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("""{"order.status": {"in": ["New", "Shipped"]}}""", true)]
    [InlineData("""{"order.status": {"in": ["New", "Processing"]}}""", false)]
    [InlineData("""{"order.customer.orderCount": {"in": [1, 2, 3.00]}}""", true)]
    [InlineData("""{"order.consentFlags.newsletterOptin": {"in": [true, null]}}""", true)]
    [InlineData("""{"order.status": {"nin": ["New", "Shipped"]}}""", false)]
    [InlineData("""{"order.status": {"nin": ["New", "Processing"]}}""", true)]
    [InlineData("""{"order.cartId": {"nin": ["a"]}}""", true)]
    public void InAndNin_CompareAgainstEachListedValue(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("gt", 3, false)]
    [InlineData("gte", 3, true)]
    [InlineData("lt", 3, false)]
    [InlineData("lte", 3, true)]
    [InlineData("gt", 2.5, true)]
    [InlineData("lt", 3.5, true)]
    public void Ordering_Numbers_CompareNumerically(string op, double operand, bool expected) =>
        Assert.Equal(expected, Matches($$$"""{"order.customer.orderCount": {"{{{op}}}": {{{operand.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}}}"""));

    [Theory]
    [InlineData("""{"eventDate": {"gte": "2025-03-01T00:00:00Z"}}""", true)]
    [InlineData("""{"eventDate": {"lt": "2025-03-01T00:00:00Z"}}""", false)]
    [InlineData("""{"eventDate": {"gt": "2025-03-01T10:00:00Z"}}""", false)]
    [InlineData("""{"eventDate": {"lte": "2025-03-01T10:00:00Z"}}""", true)]
    public void Ordering_Strings_CompareOrdinally(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("""{"order.status": {"gt": 1}}""")]
    [InlineData("""{"order.customer.orderCount": {"gt": "1"}}""")]
    [InlineData("""{"order.consentFlags.newsletterOptin": {"gte": 0}}""")]
    public void Ordering_MixedTypes_NeverMatch(string filter) => Assert.False(Matches(filter));

    [Theory]
    [InlineData("""{"order.customer.email": {"exists": true}}""", true)]
    [InlineData("""{"order.customer.email": {"exists": false}}""", false)]
    [InlineData("""{"order.cartId": {"exists": true}}""", false)]
    [InlineData("""{"order.cartId": {"exists": false}}""", true)]
    [InlineData("""{"order.customer": {"exists": true}}""", true)]
    public void Exists_TellsPresentFromAbsent(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void Exists_JsonNullAndEmptyArray_CountAsAbsent()
    {
        var evt = Order(root =>
        {
            OrderOf(root)["cartId"] = null;
            OrderOf(root)["items"] = new System.Text.Json.Nodes.JsonArray();
        });

        Assert.False(Matches("""{"order.cartId": {"exists": true}}""", evt));
        Assert.False(Matches("""{"order.items": {"exists": true}}""", evt));
    }

    [Theory]
    [InlineData("""{"order.status": {"regex": "^Ship"}}""", true)]
    [InlineData("""{"order.status": {"regex": "^ship"}}""", false)]
    [InlineData("""{"order.status": {"regex": "(?i)^ship"}}""", true)]
    [InlineData("""{"order.customer.orderCount": {"regex": "3"}}""", false)]
    [InlineData("""{"order.items.productCode": {"regex": "-BLUE$"}}""", true)]
    public void Regex_SearchesStringValues(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Theory]
    [InlineData("""{"order.customer.email": {"like": "*@example.com"}}""", true)]
    [InlineData("""{"order.customer.email": {"like": "ADA@*.COM"}}""", true)]
    [InlineData("""{"order.customer.email": {"like": "a*a*e*.com"}}""", true)]
    [InlineData("""{"order.customer.email": {"like": "*@other.com"}}""", false)]
    [InlineData("""{"order.customer.email": {"like": "ada@example.co"}}""", false)]
    [InlineData("""{"order.customer.email": {"like": ["x@y.z", "ada@example.com"]}}""", true)]
    [InlineData("""{"order.customer.email": {"nlike": ["x@y.z", "*@EXAMPLE.com"]}}""", false)]
    [InlineData("""{"order.customer.email": {"nlike": ["x@y.z", "*@other.com"]}}""", true)]
    [InlineData("""{"order.customer.email": {"like": "**@example.com"}}""", true)]
    [InlineData("""{"order.customer.email": {"like": "*"}}""", true)]
    [InlineData("""{"order.customer.email": {"like": "ada*example*example.com"}}""", false)]
    public void Like_IsCaseInsensitiveWildcardMatch(string filter, bool expected) => Assert.Equal(expected, Matches(filter));

    [Fact]
    public void SeveralOperatorsOnOnePath_AllMustHold()
    {
        Assert.True(Matches("""{"order.customer.orderCount": {"gte": 2, "lt": 5}}"""));
        Assert.False(Matches("""{"order.customer.orderCount": {"gte": 2, "lt": 3}}"""));
    }

    [Fact]
    public void EscapedAndLongStrings_AreReadCorrectly()
    {
        var longName = new string('x', 600);
        var evt = Order(root =>
        {
            OrderOf(root)["status"] = "Sh\"ipped";
            CustomerOf(root)["name"] = longName;
        });

        Assert.True(Matches("""{"order.status": "Sh\"ipped"}""", evt));
        Assert.True(Matches($$$"""{"order.customer.name": {"eq": "{{{longName}}}"}}""", evt));
        Assert.True(Matches("""{"order.customer.name": {"like": "xx*xx"}}""", evt));
    }

    [Fact]
    public void NumbersBeyondDecimalRange_CompareAsVeryLarge()
    {
        var evt = Order(root => CustomerOf(root)["orderCount"] = System.Text.Json.Nodes.JsonNode.Parse("1e40"));

        Assert.True(Matches("""{"order.customer.orderCount": {"gt": 1000000}}""", evt));
        Assert.False(Matches("""{"order.customer.orderCount": {"lt": 0}}""", evt));
    }
}
