using Gateway.Delivery.Operations;

namespace Gateway.Operations;

/// <summary>Registers the operational events the engine and the endpoints API report to.</summary>
public static class OperationsServiceCollectionExtensions
{
    /// <summary>Call before the engine is added, so it reports to these instead of to no one.</summary>
    public static IServiceCollection AddOperationalEvents(this IServiceCollection services)
    {
        services.AddSingleton<OperationalEvents>();
        services.AddSingleton<IOperationalNotices>(sp => sp.GetRequiredService<OperationalEvents>());
        return services;
    }
}
