using Gateway.ApiDocs;
using Gateway.Authentication;
using Gateway.Console;
using Gateway.DeadLetters;
using Gateway.Delivery;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Storage;
using Gateway.Endpoints;
using Gateway.Health;
using Gateway.Ingestion;
using Gateway.Logs;
using Gateway.Metrics;
using Gateway.Operations;
using Gateway.Ordering;
using Gateway.Orders;
using Gateway.Schemas;
using Gateway.Secrets;
using Gateway.Security;
using Gateway.Tenants;
using Gateway.Tracing;

namespace Gateway.Hosting;

/// <summary>Wires every feature of the gateway into the host.</summary>
public static class GatewayServiceExtensions
{
    public static WebApplicationBuilder AddGatewayServices(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.UseDefaultUrls();
        services.AddEdgeHeaders(builder.Configuration);
        services.AddOptions<GatewayOptions>().BindConfiguration(GatewayOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddGatewayMetrics();
        builder.AddGatewayTracing();
        services.AddOperationalEvents();
        services.AddSingleton<IPayloadShaper, OrderItemsCap>(); // before the engine, which otherwise sends bodies unchanged
        services.AddDeliveryEngine(builder.Configuration);
        services.AddSingleton<TenantStore>();
        services.AddSingleton<EndpointStore>();
        services.AddSingleton<IEndpointDirectory>(sp => sp.GetRequiredService<EndpointStore>());
        services.AddSingleton<UrlValidator>();
        services.AddHealth();
        services.AddSecrets();
        services.AddSchemas();
        services.AddSingleton<EventTypeRegistry>();
        services.AddSingleton<EventIngestor>();
        services.AddSingleton<TenantRateLimiter>();
        services.AddOrders();
        services.AddConsole();
        services.AddGatewayAuthentication();
        services.AddApiDocs();

        if (Engine(builder.Configuration).RunsWorkers)
        {
            services.AddHostedService<OrderOutboxRecovery>();
        }

        services.AddProblemDetails();
        services.AddExceptionHandler<Problems.RejectedRequestHandler>();
        services.AddExceptionHandler<Problems.BadRequestExceptionHandler>();
        services.AddExceptionHandler<Problems.StoreUnavailableHandler>();
        services.AddExceptionHandler<Problems.EncryptionUnavailableHandler>();
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
        });
        return builder;
    }

    public static WebApplication MapGateway(this WebApplication app)
    {
        app.UseEdgeHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealth();
        app.MapGatewayMetrics();
        var store = app.Services.GetRequiredService<RedisStore>();
        app.Services.GetRequiredService<GatewayMetrics>().ObserveRedisUp(() => store.IsConnected);
        if (Engine(app.Configuration).RunsApi)
        {
            app.UseAuthentication();
            app.MapConsole();
            app.UseAuthorization();
            app.MapApiDocs();
            app.MapTenants();
            app.MapSecrets();
            app.MapEndpoints();
            app.MapOrderingGroups();
            app.MapEventTypes();
            app.MapIngestion();
            app.MapDeadLetters();
            app.MapLogs();
            app.MapOrders();
            app.MapStats();
        }

        return app;
    }

    /// <summary>
    /// Listens on <c>http://127.0.0.1:8080</c> only when nothing else says where: <c>ASPNETCORE_URLS</c>, <c>URLS</c>,
    /// <c>--urls</c>, <c>ASPNETCORE_HTTP_PORTS</c> or Kestrel endpoints. (A <c>Urls</c> in appsettings.json would
    /// silently override the standard variable, since the JSON file is read after the <c>ASPNETCORE_</c> ones.)
    /// </summary>
    private static void UseDefaultUrls(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"])
            && string.IsNullOrEmpty(configuration["https_ports"]) && !configuration.GetSection("Kestrel:Endpoints").Exists())
        {
            builder.WebHost.UseUrls("http://127.0.0.1:8080");
        }
    }

    private static EngineOptions Engine(IConfiguration configuration) =>
        configuration.GetSection(EngineOptions.SectionName).Get<EngineOptions>() ?? new EngineOptions();
}
