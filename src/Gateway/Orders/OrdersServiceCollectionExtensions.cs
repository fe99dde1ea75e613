namespace Gateway.Orders;

/// <summary>Registers the order-status feature.</summary>
public static class OrdersServiceCollectionExtensions
{
    public static IServiceCollection AddOrders(this IServiceCollection services)
    {
        services.AddSingleton<WorkflowStore>();
        services.AddSingleton<OrderStore>();
        services.AddSingleton<OrderStatusService>();
        return services;
    }
}
