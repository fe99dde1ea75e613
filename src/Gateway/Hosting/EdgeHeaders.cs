using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Gateway.Hosting;

/// <summary>
/// What the host does for being reached through a proxy and a browser: forwarded headers believed only from the
/// configured proxies, HSTS over https, no caching or sniffing of API answers, and a CSP on the API reference.
/// </summary>
public static class EdgeHeaders
{
    /// <summary>One year; sent only on answers that came over https (a browser ignores it over http anyway).</summary>
    public const string StrictTransportSecurity = "max-age=31536000";

    // JSON that must never sit in a cache or be sniffed as something else: the API, and the console's session answer
    // (it carries the CSRF token). Secret routes are under /v1.
    private static readonly string[] s_apiPaths = ["/v1", "/admin", "/console/session", "/openapi"];

    /// <summary>Binds the trusted proxies; fails at start on an address or network that does not parse.</summary>
    public static IServiceCollection AddEdgeHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection(ProxyOptions.SectionName).Get<ProxyOptions>() ?? new ProxyOptions();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            options.ForwardLimit = proxies.ForwardLimit;
            // The defaults trust loopback; only what the operator names is trusted here.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var proxy in proxies.KnownProxies)
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in proxies.KnownNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    public static WebApplication UseEdgeHeaders(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection(ProxyOptions.SectionName).Get<ProxyOptions>() ?? new ProxyOptions();
        // With no proxy configured the middleware is left out: with empty lists it would believe every sender.
        if (proxies.Any)
        {
            app.UseForwardedHeaders();
        }

        app.Use((context, next) =>
        {
            var path = context.Request.Path;
            var https = context.Request.IsHttps;
            var api = s_apiPaths.Any(p => path.StartsWithSegments(p));
            if (https || api)
            {
                // On starting, so an answer rewritten by the exception handler (which clears headers) still has them.
                context.Response.OnStarting(() =>
                {
                    var headers = context.Response.Headers;
                    if (https)
                    {
                        headers.StrictTransportSecurity = StrictTransportSecurity;
                    }

                    if (api)
                    {
                        headers.CacheControl = "no-store";
                        headers.XContentTypeOptions = "nosniff";
                    }

                    return Task.CompletedTask;
                });
            }

            return next(context);
        });
        return app;
    }
}
