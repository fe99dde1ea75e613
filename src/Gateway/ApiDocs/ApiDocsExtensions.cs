using System.Globalization;
using Gateway.Authentication;
using Gateway.Console;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
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

    /// <summary>
    /// Adds who may call the route, and the 401 (and, for a console call that changes state, the 403) that a refusal
    /// answers. Everything else comes from the route itself: its summary, tag, typed results, problems and body.
    /// </summary>
    private static async Task DescribeAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var description = context.Description;
        var path = "/" + (description.RelativePath ?? "").Split('?')[0].TrimEnd('/');
        var security = Security(description, path, context.Document);
        operation.Security = security;
        if (security.Count == 0)
        {
            return;
        }

        var responses = operation.Responses ??= new OpenApiResponses();
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

    /// <summary>Who may call a route, from its authorization policy: alternatives, any one of which is enough.</summary>
    private static List<OpenApiSecurityRequirement> Security(ApiDescription description, string path, OpenApiDocument? document)
    {
        OpenApiSecurityRequirement Scheme(string name) => new() { [new OpenApiSecuritySchemeReference(name, document)] = [] };
        var policies = description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet(StringComparer.Ordinal);
        return policies switch
        {
            _ when policies.Contains(GatewayAuthentication.AdminPolicy) => [Scheme(AdminKey)],
            // The admin key names the tenant in ?tenantId=.
            _ when policies.Contains(GatewayAuthentication.TenantOrOperatorPolicy) => [Scheme(TenantKey), Scheme(ConsoleSession), Scheme(AdminKey)],
            _ when policies.Contains(GatewayAuthentication.TenantPolicy) => ConsoleSessionMiddleware.IsBearerOnly(path, description.HttpMethod ?? "GET")
                ? [Scheme(TenantKey)]
                : [Scheme(TenantKey), Scheme(ConsoleSession)],
            _ when policies.Contains(GatewayAuthentication.ConsolePolicy) => [Scheme(ConsoleSession)],
            _ => [],
        };
    }
}
