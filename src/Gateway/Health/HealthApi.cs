using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Storage;

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
        app.MapGet("/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/readyz", async (RedisStore store, WorkerHeartbeat heartbeat, MemoryPolicyCheck memoryPolicy, EndpointSecrets secrets, CancellationToken cancellationToken) =>
        {
            try
            {
                await store.Database.PingAsync().WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
            }
            catch (Exception ex) when (ex is TimeoutException or StackExchange.Redis.RedisException)
            {
                return Results.Json(new { status = "unavailable", redis = "unreachable" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (memoryPolicy.Problem is { } problem)
            {
                return Results.Json(new { status = "unavailable", redis = "evicting", reason = problem }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            // Deliveries of secrets that cannot be opened wait (nothing is dropped); this says why.
            if ((secrets.Protector.Problem ?? secrets.Unavailable) is { } encryption)
            {
                return Results.Json(new { status = "unavailable", redis = "ok", encryption, reason = encryption }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            if (!heartbeat.IsFresh)
            {
                return Results.Json(new { status = "unavailable", redis = "ok", workers = "stale" }, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Ok(new { status = "ready", redis = "ok", workers = heartbeat.Describe() });
        });
        return app;
    }
}
