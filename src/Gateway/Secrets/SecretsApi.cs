using Gateway.Delivery.Secrets;
using Gateway.Tenants;

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
        var admin = app.MapGroup("/admin/encryption").RequireAdmin();
        admin.MapGet("/", (EndpointSecrets secrets) => Results.Ok(new
        {
            keyId = secrets.Protector.CurrentKeyId,
            keyIds = secrets.Protector.KeyIds.Order(StringComparer.Ordinal).ToArray(),
            problem = secrets.Protector.Problem ?? secrets.Unavailable,
        }));
        admin.MapPost("/reencrypt", async (SecretsReencryption reencryption, CancellationToken cancellationToken) =>
            Results.Ok(await reencryption.RunAsync(cancellationToken)));
        return app;
    }
}
