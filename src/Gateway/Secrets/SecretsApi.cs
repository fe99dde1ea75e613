using Gateway.ApiDocs;
using Gateway.Delivery.Secrets;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Secrets;

/// <summary><c>/admin/encryption</c>: the operator key's state, and re-encryption after a rotation.</summary>
public static class SecretsApi
{
    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        services.AddSingleton<SecretsReencryption>();
        services.AddHostedService(sp => sp.GetRequiredService<SecretsReencryption>());
        return services;
    }

    public static IEndpointRouteBuilder MapSecrets(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/admin/encryption").RequireAdmin().WithTags("Admin");
        admin.MapGet("/", Status)
            .WithSummary("The operator key of endpoint secrets: current key id, every key id this process opens, and any problem.");
        admin.MapPost("/reencrypt", ReencryptAsync)
            .WithSummary("Re-encrypt every endpoint's secrets under the current key (after a key rotation).")
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static Ok<EncryptionStatusView> Status(EndpointSecrets secrets) => TypedResults.Ok(new EncryptionStatusView(
        secrets.Protector.CurrentKeyId,
        [.. secrets.Protector.KeyIds.Order(StringComparer.Ordinal)],
        secrets.Protector.Problem ?? secrets.Unavailable));

    // Without a current key it throws EncryptionUnavailableException, answered 503 by its handler.
    private static async Task<Ok<ReencryptionReport>> ReencryptAsync(SecretsReencryption reencryption, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reencryption.RunAsync(cancellationToken));
}
