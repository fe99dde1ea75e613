using Gateway.Client.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly;

namespace Gateway.Client;

/// <summary><c>services.AddGatewayClient(o =&gt; { o.BaseAddress = …; o.ApiKey = …; })</c>.</summary>
public static class GatewayClientServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses, to add handlers to it.</summary>
    public const string HttpClientName = "Gateway.Client";

    /// <summary>Registers <see cref="GatewayClient"/> over a pooled <see cref="HttpClient"/> with the gateway's retry rules.</summary>
    public static IHttpClientBuilder AddGatewayClient(this IServiceCollection services, Action<GatewayClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<GatewayClientOptions>().Configure(configure)
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "GatewayClientOptions.BaseAddress must be an absolute URI.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "GatewayClientOptions.ApiKey is required.");
        services.AddTransient(sp => new GatewayClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName), sp.GetRequiredService<IOptions<GatewayClientOptions>>().Value));
        var builder = services.AddHttpClient(HttpClientName, (sp, http) =>
        {
            var options = sp.GetRequiredService<IOptions<GatewayClientOptions>>().Value;
            http.BaseAddress = options.BaseAddress;
            http.Timeout = options.Timeout;
        });
        builder.AddResilienceHandler("gateway-retry", (pipeline, context) =>
            pipeline.AddRetry(GatewayResilience.RetryOptions(context.ServiceProvider.GetRequiredService<IOptions<GatewayClientOptions>>().Value)));
        return builder;
    }
}
