namespace Gateway.Console;

/// <summary>Wires the tenant console: sessions, the session middleware, the pages and the landing page at <c>/</c>.</summary>
public static class ConsoleServiceExtensions
{
    /// <summary>No inline script or style, nothing from another origin, never framed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static IServiceCollection AddConsole(this IServiceCollection services)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ConsoleSessionStore>();
        services.AddSingleton<ConsoleAssets>();
        return services;
    }

    public static WebApplication MapConsole(this WebApplication app)
    {
        app.UseMiddleware<ConsoleSessionMiddleware>();
        app.MapConsoleSessions();
        app.MapConsolePages();
        return app;
    }

    private static IEndpointRouteBuilder MapConsolePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext context, ConsoleAssets assets) => Page(context, assets, "home.html")).ExcludeFromDescription();
        app.MapGet("/console/", (HttpContext context, ConsoleAssets assets) => Page(context, assets, "index.html")).ExcludeFromDescription();
        app.MapGet("/console/open", (HttpContext context, ConsoleAssets assets) => Page(context, assets, "open.html")).ExcludeFromDescription();
        app.MapGet("/console/assets/{name}", (HttpContext context, string name, ConsoleAssets assets) => Page(context, assets, name)).ExcludeFromDescription();
        return app;
    }

    private static IResult Page(HttpContext context, ConsoleAssets assets, string name)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return assets.Serve(context, name);
    }
}
