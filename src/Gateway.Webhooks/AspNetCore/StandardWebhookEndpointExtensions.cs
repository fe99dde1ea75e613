using Gateway.Webhooks.Verification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Gateway.Webhooks.AspNetCore;

/// <summary><c>app.MapPost("/webhooks", handler).RequireStandardWebhook("whsec_…")</c>.</summary>
public static class StandardWebhookEndpointExtensions
{
    /// <summary>Verifies every request with <paramref name="secret"/> before the handler runs.</summary>
    public static TBuilder RequireStandardWebhook<TBuilder>(this TBuilder builder, string secret, WebhookVerifierOptions? options = null)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireStandardWebhook(new WebhookVerifier(secret, options));

    /// <summary>Verifies every request with <paramref name="verifier"/> before the handler runs.</summary>
    public static TBuilder RequireStandardWebhook<TBuilder>(this TBuilder builder, WebhookVerifier verifier)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(verifier);
        return builder.RequireStandardWebhook(_ => verifier);
    }

    /// <summary>Verifies each request with the verifier chosen for it, e.g. by a route value naming the endpoint.</summary>
    public static TBuilder RequireStandardWebhook<TBuilder>(this TBuilder builder, Func<HttpContext, WebhookVerifier> verifierFor)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(verifierFor);
        return builder.AddEndpointFilter(new StandardWebhookFilter(verifierFor));
    }
}
