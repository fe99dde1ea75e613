using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace Gateway.Edge.Proxy;

/// <summary>Registers and maps the edge's reverse proxy.</summary>
public static class EdgeProxyExtensions
{
    public static WebApplicationBuilder AddEdgeProxy(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        var options = builder.Configuration.GetSection(EdgeOptions.SectionName).Get<EdgeOptions>() ?? new EdgeOptions();
        builder.Services.AddProblemDetails();
        builder.Services.AddReverseProxy()
            .LoadFromMemory(EdgeProxyConfig.Routes(), EdgeProxyConfig.Clusters(options))
            .ConfigureHttpClient((_, handler) => handler.ConnectTimeout = options.ConnectTimeout)
            // The edge is the first hop: X-Forwarded-For/Proto/Host/Prefix are set from this connection, and whatever a
            // client sent in them is replaced, never appended to.
            .AddTransforms(context => context.AddXForwarded(ForwardedTransformActions.Set));
        return builder;
    }

    public static WebApplication MapEdgeProxy(this WebApplication app)
    {
        app.Use(LimitBodySize);
        app.MapGet("/edge/healthz", () => Results.Ok(new { status = "ok" }));
        app.MapReverseProxy();
        return app;
    }

    /// <summary>
    /// Caps the request body per route as the gateway does (an event, a batch, anything else), so an oversized body is
    /// refused here with 413 instead of being streamed to an API process.
    /// </summary>
    private static Task LimitBodySize(HttpContext context, RequestDelegate next)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<EdgeOptions>>().Value;
        var path = context.Request.Path;
        var limit = path.Equals("/v1/events", StringComparison.OrdinalIgnoreCase) ? options.MaxEventBytes
            : path.Equals("/v1/events/batch", StringComparison.OrdinalIgnoreCase) ? options.MaxBatchBytes
            : options.MaxOtherBytes;
        if (context.Request.ContentLength > limit)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                detail: $"The body is larger than {limit} bytes.").ExecuteAsync(context);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit; // a chunked body is cut when it passes the limit
        }

        return next(context);
    }
}
