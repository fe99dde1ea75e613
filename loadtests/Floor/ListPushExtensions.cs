using StackExchange.Redis;

namespace Floor;

/// <summary>Registers the process's one <see cref="ConnectionMultiplexer"/> and the trimmer of the floor's list.</summary>
internal static class ListPushExtensions
{
    public static async Task AddListPushAsync(this WebApplicationBuilder builder, string configuration)
    {
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration);
        builder.Services.AddSingleton<IConnectionMultiplexer>(redis);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHostedService<ListTrimmer>();
    }
}
