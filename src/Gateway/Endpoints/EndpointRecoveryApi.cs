using Gateway.ApiDocs;
using Gateway.Delivery.Recovery;
using Gateway.Problems;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/endpoints/{id}/recover</c> <c>{"since", "until"?}</c>: queue again every failed message of the endpoint
/// accepted in the window (see <see cref="EndpointRecovery"/>), and <c>GET …/recover/{recoveryId}</c>: its progress.
/// </summary>
public static class EndpointRecoveryApi
{
    public static IEndpointRouteBuilder MapEndpointRecovery(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/endpoints").RequireTenant().WithTags("Endpoints");
        group.MapPost("/{id}/recover", StartAsync)
            .WithSummary("Queue again every failed message (dead-lettered, or waiting for a retry) accepted in a window: same webhook-id, fresh attempts; runs in the background, one per window.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/recover/{recoveryId}", GetAsync)
            .WithSummary("A recovery's progress: found, queued, not recoverable (listed), done.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Accepted<RecoveryProgress>, ProblemHttpResult>> StartAsync(
        HttpContext context, string id, RecoverRequest request, EndpointStore endpoints, EndpointRecovery recovery, RecoveryRunner runner, TimeProvider time)
    {
        var tenantId = context.Tenant().TenantId;
        if (await endpoints.GetForTenantAsync(tenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        var window = new RecoveryWindow(request.Since.ToUnixTimeMilliseconds(), (request.Until ?? time.GetUtcNow()).ToUnixTimeMilliseconds(), IsOpen: request.Until is null);
        var (progress, started) = await recovery.StartAsync(endpoint.Id, window);
        if (started)
        {
            // Not the request's token: once started, the recovery runs even if the caller goes away.
            await runner.EnqueueAsync(new RecoveryJob(tenantId, endpoint.Id, progress.Id, window), CancellationToken.None);
        }

        return TypedResults.Accepted($"/v1/endpoints/{endpoint.Id}/recover/{progress.Id}", progress);
    }

    private static async Task<Results<Ok<RecoveryProgress>, ProblemHttpResult>> GetAsync(
        HttpContext context, string id, string recoveryId, EndpointStore endpoints, EndpointRecovery recovery)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        return IsRecoveryId(recoveryId) && await recovery.GetAsync(endpoint.Id, recoveryId) is { } progress
            ? TypedResults.Ok(progress)
            : Problem.NotFound("recovery");
    }

    private static bool IsRecoveryId(string value) =>
        value.Length is > 4 and <= 64 && value.StartsWith("rcv_", StringComparison.Ordinal) && value.AsSpan(4).ToString().All(char.IsAsciiLetterOrDigit);
}
