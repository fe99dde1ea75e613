using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Health;

/// <summary>Liveness and readiness for orchestrators.</summary>
public static class HealthApi
{
    /// <summary>Registers the start-up check of Redis's memory policy that <c>/readyz</c> reports.</summary>
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddSingleton<MemoryPolicyCheck>();
        services.AddHostedService(sp => sp.GetRequiredService<MemoryPolicyCheck>());
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Live)
            .WithTags("Health")
            .WithSummary("Liveness: the process answers.");
        // Not ready is not a problem (RFC 9457) but the same body with the reason: orchestrators and people read one shape.
        app.MapGet("/readyz", ReadyAsync)
            .WithTags("Health")
            .WithSummary("Readiness: Redis answers, the encryption key is there and opens every stored secret, and the workers' heartbeat is fresh; 503 with the reason when not.")
            .Produces<ReadinessView>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Ok<HealthView> Live() => TypedResults.Ok(new HealthView("ok"));

    private static async Task<Results<Ok<ReadinessView>, JsonHttpResult<ReadinessView>>> ReadyAsync(
        RedisStore store, WorkerHeartbeat heartbeat, MemoryPolicyCheck memoryPolicy, EndpointSecrets secrets, CancellationToken cancellationToken)
    {
        try
        {
            await store.Database.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or StackExchange.Redis.RedisException)
        {
            return Unavailable(new ReadinessView("unavailable", Redis: "unreachable"));
        }

        if (memoryPolicy.Problem is { } problem)
        {
            return Unavailable(new ReadinessView("unavailable", Redis: "evicting", Reason: problem));
        }

        // Deliveries of secrets that cannot be opened wait (nothing is dropped); this says why.
        if ((secrets.Protector.Problem ?? secrets.Unavailable) is { } encryption)
        {
            return Unavailable(new ReadinessView("unavailable", Redis: "ok", Encryption: encryption, Reason: encryption));
        }

        if (!heartbeat.IsFresh)
        {
            return Unavailable(new ReadinessView("unavailable", Redis: "ok", Workers: "stale"));
        }

        return TypedResults.Ok(new ReadinessView("ready", Redis: "ok", Workers: heartbeat.Describe()));
    }

    private static JsonHttpResult<ReadinessView> Unavailable(ReadinessView view) =>
        TypedResults.Json(view, statusCode: StatusCodes.Status503ServiceUnavailable);
}
