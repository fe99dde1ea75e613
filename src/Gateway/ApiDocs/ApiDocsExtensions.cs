using System.Globalization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Gateway.ApiDocs;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and its reference page at <c>/docs</c> (Scalar, served locally).</summary>
public static class ApiDocsExtensions
{
    private const string TenantKey = "tenantKey";
    private const string AdminKey = "adminKey";
    private const string ConsoleSession = "consoleSession";

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Webhook Gateway API",
                    Version = "v1",
                    Description = "Multi-tenant webhook delivery for order events. Errors are application/problem+json (RFC 9457); " +
                        "validation errors list each field's JSON pointer. Tenants see only their own resources: another tenant's id answers 404.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    [TenantKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "A tenant API key (gwk_…)." },
                    [AdminKey] = new OpenApiSecurityScheme { Type = SecuritySchemeType.Http, Scheme = "bearer", Description = "The operator's admin key (Gateway:AdminApiKey)." },
                    [ConsoleSession] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Cookie, Name = Console.ConsoleCookie.Name,
                        Description = $"A console session cookie; calls that change state also send its CSRF token in {Console.ConsoleCookie.CsrfHeader}.",
                    },
                };
                // One tag per feature, in the order of first use, so the reference groups routes as the README does.
                var tags = (document.Paths ?? []).Values.SelectMany(p => p.Operations is { } ops ? ops.Values : Enumerable.Empty<OpenApiOperation>())
                    .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).OfType<string>().Distinct().ToList();
                document.Tags = new HashSet<OpenApiTag>(tags.Select(t => new OpenApiTag { Name = t }));
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeAsync);
            options.AddSchemaTransformer(NullableFieldsOptional.TransformAsync);
        });
        return services;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.UseApiDocsPolicy("/docs");
        app.MapScalarApiReference("/docs", options => options
            .WithTitle("Webhook Gateway API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }

    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? "").Split('?')[0];
        var responses = operation.Responses ??= new OpenApiResponses();
        if (ApiOperations.All.TryGetValue(ApiOperations.Key(description.HttpMethod ?? "GET", path), out var documented))
        {
            await DescribeFromTableAsync(operation, documented, path, context, cancellationToken);
        }

        var security = Security(path, context.Document);
        operation.Security = security;
        if (security.Count == 0)
        {
            return;
        }

        var problems = new List<int> { StatusCodes.Status401Unauthorized };
        if (path.StartsWith("/v1", StringComparison.Ordinal) && !HttpMethods.IsGet(description.HttpMethod ?? "GET"))
        {
            problems.Add(StatusCodes.Status403Forbidden); // a console call without its CSRF token
        }

        var problem = await context.GetOrCreateSchemaAsync(typeof(Problems.ProblemView), null, cancellationToken);
        foreach (var status in problems)
        {
            responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
        }

        // The responses in status order, as a reader scans them.
        var ordered = responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        responses.Clear();
        foreach (var (status, response) in ordered)
        {
            responses[status] = response;
        }
    }

    /// <summary>A route still described by <see cref="ApiOperations"/> rather than by its handler's types and metadata.</summary>
    private static async Task DescribeFromTableAsync(OpenApiOperation operation, ApiOperation documented, string path, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        operation.Summary = documented.Summary;
        operation.Tags = new HashSet<OpenApiTagReference> { new(TagOf(path), context.Document) };
        if (documented.Request is { } request)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !documented.Request.Name.StartsWith("RotateSecret", StringComparison.Ordinal),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(request, null, cancellationToken) } },
            };
        }

        var responses = operation.Responses!;
        responses.Clear();
        var success = new OpenApiResponse { Description = ReasonPhrases.GetReasonPhrase(documented.Status) };
        if (documented.Response is { } response)
        {
            IOpenApiSchema schema = await context.GetOrCreateSchemaAsync(response, null, cancellationToken);
            if (documented.OrResponse is { } other)
            {
                schema = new OpenApiSchema { OneOf = [schema, await context.GetOrCreateSchemaAsync(other, null, cancellationToken)] };
            }

            success.Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } };
        }

        responses[documented.Status.ToString(CultureInfo.InvariantCulture)] = success;
        var problem = await context.GetOrCreateSchemaAsync(typeof(Problems.ProblemView), null, cancellationToken);
        foreach (var status in documented.Problems.Distinct().Order())
        {
            responses[status.ToString(CultureInfo.InvariantCulture)] = new OpenApiResponse
            {
                Description = ReasonPhrases.GetReasonPhrase(status),
                Content = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = problem } },
            };
        }
    }

    private static string TagOf(string path) => path switch
    {
        "/healthz" or "/readyz" => "Health",
        _ when path.Contains("console-sessions", StringComparison.Ordinal) || path.StartsWith("/console", StringComparison.Ordinal) => "Console sessions",
        _ when path.StartsWith("/admin", StringComparison.Ordinal) => "Admin",
        _ when path.StartsWith("/v1/keys", StringComparison.Ordinal) => "Keys",
        _ when path.Contains("dead-letters", StringComparison.Ordinal) => "Dead letters",
        _ when path.Contains("/stats", StringComparison.Ordinal) => "Stats",
        _ when path.StartsWith("/v1/logs", StringComparison.Ordinal) || path.EndsWith("/attempts", StringComparison.Ordinal) || path.EndsWith("/filtered", StringComparison.Ordinal) => "Logs",
        _ when path.StartsWith("/v1/endpoints", StringComparison.Ordinal) => "Endpoints",
        _ when path.StartsWith("/v1/event-types", StringComparison.Ordinal) => "Event types",
        _ when path.StartsWith("/v1/events", StringComparison.Ordinal) => "Events",
        _ => "Orders",
    };

    /// <summary>Who may call a path: alternatives, any one of which is enough.</summary>
    private static List<OpenApiSecurityRequirement> Security(string path, OpenApiDocument? document)
    {
        OpenApiSecurityRequirement Scheme(string name) => new() { [new OpenApiSecuritySchemeReference(name, document)] = [] };
        if (path.StartsWith("/admin", StringComparison.Ordinal))
        {
            return [Scheme(AdminKey)];
        }

        if (path.StartsWith("/v1/orders", StringComparison.Ordinal) || path.StartsWith("/v1/order-workflow", StringComparison.Ordinal))
        {
            return [Scheme(TenantKey), Scheme(ConsoleSession), Scheme(AdminKey)]; // the admin key names the tenant in ?tenantId=
        }

        if (path.StartsWith("/v1/keys", StringComparison.Ordinal) || path.StartsWith("/v1/console-sessions", StringComparison.Ordinal))
        {
            return [Scheme(TenantKey)];
        }

        if (path.StartsWith("/v1", StringComparison.Ordinal))
        {
            return [Scheme(TenantKey), Scheme(ConsoleSession)];
        }

        return path == "/console/session" ? [Scheme(ConsoleSession)] : [];
    }
}
