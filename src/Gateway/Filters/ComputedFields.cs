namespace Gateway.Filters;

/// <summary>The <c>$</c> fields a filter may use besides paths into the event.</summary>
internal static class ComputedFields
{
    public const string EventType = "$eventType";
    public const string OrderTotal = "$orderTotal";
    public const string CustomerEmail = "$customerEmail";
    public const string ItemCodes = "$itemCodes";

    public static readonly string[] Names = [EventType, OrderTotal, CustomerEmail, ItemCodes];

    private static readonly string[] CodeFields = ["productCode", "offerId", "sku", "code"];

    public static ValueSource? Create(string name) => name switch
    {
        EventType => new EventTypeSource(),
        OrderTotal => new OrderTotalSource(),
        CustomerEmail => new PathSource(CustomerEmail, ["order", "customer", "email"]),
        ItemCodes => new UnionSource(ItemCodes, [.. CodeFields.Select(f => new PathSource(ItemCodes, ["order", "items", f]))]),
        _ => null,
    };
}
