using System.Text.RegularExpressions;

namespace Gateway.Orders;

/// <summary>
/// Order ids are the tenant's own (numeric in the seed, any string in the event schema). Braces are excluded
/// because the id sits inside the order's Redis hash tag.
/// </summary>
public static partial class OrderIds
{
    public const string Rule = "orderId is 1 to 128 letters, digits or . _ ~ : -";

    public static bool IsValid(string orderId) => Pattern().IsMatch(orderId);

    [GeneratedRegex("^[A-Za-z0-9._~:-]{1,128}$")]
    private static partial Regex Pattern();
}
