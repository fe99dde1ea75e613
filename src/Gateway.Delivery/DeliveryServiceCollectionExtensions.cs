using Gateway.Delivery.DeadLetters;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Ingestion;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Metrics;
using Gateway.Delivery.Operations;
using Gateway.Delivery.Queue;
using Gateway.Delivery.Recovery;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Security;
using Gateway.Delivery.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery;

/// <summary>Registers the delivery engine: its store, queues, accept path, readers and, when this process runs them, its workers.</summary>
public static class DeliveryServiceCollectionExtensions
{
    /// <summary>Adds the engine. The host supplies an <see cref="Endpoints.IEndpointDirectory"/>; workers run when
    /// <c>Gateway:Roles</c> includes <c>worker</c>.</summary>
    public static IServiceCollection AddDeliveryEngine(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName);
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName);
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.SectionName);
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.SectionName);
        services.AddOptions<EncryptionOptions>().BindConfiguration(EncryptionOptions.SectionName);
        services.AddOptions<Dispatch.Email.EmailOptions>().BindConfiguration(Dispatch.Email.EmailOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SecretProtector>();
        services.AddSingleton<EndpointSecrets>();
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.SectionName).ValidateDataAnnotations()
            .Validate(TryParseSchedule, "Delivery:RetrySchedule must be a comma-separated list of non-negative [d.]hh:mm:ss delays.")
            .Validate(o => o.CompletionMarkerWindow >= RecoverySweep.Grace * 2, "Delivery:CompletionMarkerWindow must be at least twice the fan-out recovery's 30 s grace.")
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(_ => Prometheus.Metrics.NewCustomRegistry()); // the host may bring its own, with runtime metrics
        services.TryAddSingleton<GatewayMetrics>();
        services.AddSingleton<RedisStore>();
        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<DeliveryQueue>();
        services.AddSingleton<EventLifetime>();
        services.AddSingleton<AckBatcher>();
        services.AddSingleton(sp => new EventBodyCache(sp.GetRequiredService<IOptions<DeliveryOptions>>().Value.BodyCacheEntries));
        services.AddSingleton<PendingFanoutMarks>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingFanoutMarks>());
        services.AddSingleton<EventAcceptor>();
        services.AddSingleton<DeadLetterService>();
        services.AddSingleton<EndpointRecovery>();
        services.AddSingleton<RecoveryRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<RecoveryRunner>());
        services.AddSingleton<StatsStore>();
        services.AddSingleton<LogReader>();
        services.AddSingleton<WorkerHeartbeat>();
        services.AddSingleton<DispatchProgress>();
        services.TryAddSingleton<IOperationalNotices, NoOperationalNotices>();
        services.TryAddSingleton<IPayloadShaper, UnchangedPayload>();
        // An API process renders e-mail previews with the very composer and sandbox the workers send with.
        services.AddSingleton<Dispatch.Email.LiquidSandbox>();
        services.AddSingleton<Dispatch.Email.EmailComposer>();

        var engine = configuration.GetSection(EngineOptions.SectionName).Get<EngineOptions>() ?? new EngineOptions();
        if (engine.RunsWorkers)
        {
            services.AddSingleton<DeliveryHttpClientFactory>();
            services.AddSingleton<WebhookSender>();
            services.AddSingleton<IDestinationSender>(sp => sp.GetRequiredService<WebhookSender>());
            services.AddSingleton<IDestinationSender, Dispatch.Email.EmailSender>();
            services.AddSingleton<Dispatch.RabbitMq.BrokerChannels>();
            services.AddSingleton<IDestinationSender, Dispatch.RabbitMq.RabbitMqSender>();
            services.AddSingleton<DestinationSenders>();
            services.AddSingleton<RetryPolicy>();
            services.AddSingleton<EndpointBreakers>();
            services.AddSingleton<DeliveryProcessor>();
            services.AddHostedService<DeliveryWorker>();
            services.AddHostedService<FanoutRecovery>();
        }

        return services;
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
