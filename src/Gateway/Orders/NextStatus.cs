namespace Gateway.Orders;

/// <summary>A status an order may move to next, and whether only an elevated caller may make that move.</summary>
public sealed record NextStatus(string Status, bool AdminOnly);
