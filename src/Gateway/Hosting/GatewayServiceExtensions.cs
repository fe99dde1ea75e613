using Gateway.ApiDocs;
using Gateway.Console;
using Gateway.DeadLetters;
using Gateway.Delivery;
using Gateway.Endpoints;
using Gateway.Health;
using Gateway.Ingestion;
using Gateway.Logs;
using Gateway.Metrics.Exposition;
using Gateway.Orders;
using Gateway.Schemas;
using Gateway.Security;
using Gateway.Storage;
using Gateway.Tenants;

namespace Gateway.Hosting;

/// <summary>Wires every feature of the gateway into the host.</summary>
public static class GatewayServiceExtensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName).ValidateDataAnnotations()
            .Validate(o => TryParseSchedule(o), "Delivery:RetrySchedule must be a comma-separated list of non-negative [d.]hh:mm:ss delays.")
            .ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<RedisStore>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<TenantStore>();
        services.AddSingleton<EndpointStore>();
        services.AddSingleton<UrlValidator>();
        services.AddSchemas();
        services.AddSingleton<EventTypeRegistry>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton(sp => new EventBodyCache(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DeliveryOptions>>().Value.BodyCacheEntries));
        services.AddSingleton<PendingFanoutMarks>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingFanoutMarks>());
        services.AddSingleton<EventIngestor>();
        services.AddSingleton<TenantRateLimiter>();
        services.AddSingleton<DeadLetterService>();
        services.AddSingleton<StatsStore>();
        services.AddSingleton<LogReader>();
        services.AddSingleton<WorkerHeartbeat>();
        services.AddGatewayMetrics();
        services.AddOrders();
        services.AddConsole();
        services.AddApiDocs();

        var options = builder.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        if (options.RunsWorkers)
        {
            services.AddSingleton<WebhookSender>();
            services.AddSingleton<RetryPolicy>();
            services.AddSingleton<EndpointBreakers>();
            services.AddSingleton<DeliveryProcessor>();
            services.AddHostedService<DeliveryWorker>();
            services.AddHostedService<FanoutRecovery>();
            services.AddHostedService<Orders.OrderOutboxRecovery>();
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<Problems.BadRequestExceptionHandler>();
        services.AddExceptionHandler<Problems.StoreUnavailableHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealth();
        app.MapMetrics();
        var options = app.Configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>() ?? new GatewayOptions();
        if (options.RunsApi)
        {
            app.MapConsole();
            app.MapApiDocs();
            app.MapTenants();
            app.MapEndpoints();
            app.MapEventTypes();
            app.MapIngestion();
            app.MapDeadLetters();
            app.MapLogs();
            app.MapOrders();
            app.MapStats();
        }

        return app;
    }

    private static bool TryParseSchedule(DeliveryOptions options)
    {
        try
        {
            options.ParseRetrySchedule();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
