using Gateway.ApiDocs;
using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Signing;
using Gateway.Delivery.Storage;
using Gateway.Hosting;
using Gateway.Operations;
using Gateway.Problems;
using Gateway.Schemas;
using Gateway.Security;
using Gateway.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Gateway.Endpoints;

/// <summary><c>/v1/endpoints</c>: a tenant's subscriptions.</summary>
public static class EndpointsApi
{
    public static IEndpointRouteBuilder MapEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/endpoints").RequireTenant().WithTags("Endpoints");
        app.MapEndpointTest();
        app.MapEmailPreview();
        app.MapEndpointHealth();
        app.MapEndpointRecovery();

        group.MapPost("/", CreateAsync)
            .WithSummary("Create an endpoint; the answer holds its signing secret.");
        group.MapGet("/", ListAsync)
            .WithSummary("List the tenant's endpoints.");
        group.MapGet("/{id}", GetAsync)
            .WithSummary("Read an endpoint.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPatch("/{id}", ChangeAsync)
            .WithSummary("Change an endpoint (any subset of the create fields, and disabled).")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync)
            .WithSummary("Delete an endpoint with its queue and dead letters.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/secret", GetSecretAsync)
            .WithSummary("Read what receivers verify with: a v1 endpoint's whsec_ secret, a v1a endpoint's whpk_ public key (never its private key).")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{id}/secret/rotate", RotateSecretAsync)
            .WithSummary("Rotate the secret; the old one keeps signing during the overlap.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<EndpointView>, ProblemHttpResult>> CreateAsync(
        HttpContext context, NewEndpointInput input, EndpointStore endpoints, EndpointSecrets secrets, EventTypeRegistry types, UrlValidator urls, TimeProvider time)
    {
        var tenantId = context.Tenant().TenantId;
        await CheckAsync(input, tenantId, types, urls, context.RequestAborted);
        if (input.Errors.Count > 0)
        {
            return input.Rejected("The endpoint is not valid.");
        }

        var now = time.GetUtcNow();
        var id = Ids.New("ep");
        var scheme = input.SignatureScheme ?? SignatureScheme.V1;
        var (secret, publicKey) = EndpointSigning.New(scheme, input.Secret);
        var kind = input.Destination.Kind ?? DestinationKind.Http;
        var endpoint = new WebhookEndpoint
        {
            Id = id,
            TenantId = tenantId,
            Url = DestinationUrl(kind, input.Url, input.Destination),
            Kind = kind,
            Email = input.Destination.Email,
            RabbitMq = input.Destination.RabbitMq is { } rabbit ? rabbit with { Url = secrets.SealBroker(id, rabbit.Url) } : null,
            Description = input.Description,
            EventTypes = input.EventTypes!,
            Filter = input.Filter,
            Secret = secrets.SealSigning(id, secret),
            SignatureScheme = scheme,
            PublicKey = publicKey,
            Headers = input.Headers,
            SecretHeaders = input.SecretHeaders is { Count: > 0 } secretHeaders ? secrets.SealHeaders(id, secretHeaders) : null,
            SendTraceContext = input.SendTraceContext ?? false,
            DelaySeconds = input.DelaySeconds ?? 0,
            MaxOrderItems = input.MaxOrderItems,
            MaxInFlight = input.MaxInFlight,
            RateLimit = input.RateLimit,
            Ordering = input.Ordering,
            Disabled = input.Disabled ?? false,
            DisabledReason = input.Disabled == true ? "disabled by the tenant" : null,
            DisabledAt = input.Disabled == true ? now : null,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await endpoints.SaveAsync(endpoint);
        // The console's page never reads the secret from this answer (it offers "Reveal", one deliberate GET):
        // a session's create answer leaves it out, so it does not sit in the page's memory or a devtools log.
        var fromConsole = Console.ConsoleSessionMiddleware.Session(context) is not null;
        return TypedResults.Created($"/v1/endpoints/{endpoint.Id}", EndpointView.Of(endpoint, fromConsole || scheme == SignatureScheme.V1a ? null : secret));
    }

    private static async Task<Ok<ListOf<EndpointView>>> ListAsync(HttpContext context, EndpointStore endpoints) =>
        TypedResults.Ok(new ListOf<EndpointView>([.. (await endpoints.ForTenantAsync(context.Tenant().TenantId)).Select(s => EndpointView.Of(s.Endpoint))]));

    private static async Task<Results<Ok<EndpointView>, ProblemHttpResult>> GetAsync(HttpContext context, string id, EndpointStore endpoints) =>
        await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is { } endpoint
            ? TypedResults.Ok(EndpointView.Of(endpoint))
            : Problem.NotFound("endpoint");

    private static async Task<Results<Ok<EndpointView>, ProblemHttpResult>> ChangeAsync(
        HttpContext context, string id, EndpointChangeInput input, EndpointStore endpoints, EndpointSecrets secrets, EventTypeRegistry types,
        UrlValidator urls, OperationalEvents operations, TimeProvider time, IOptions<DeliveryOptions> delivery)
    {
        var tenantId = context.Tenant().TenantId;
        if (await endpoints.GetForTenantAsync(tenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        if (input.Destination.Kind is { } kind && kind != endpoint.Kind)
        {
            input.Errors.Add(new FieldError("/kind", $"this endpoint is of kind {DestinationInput.KindName(endpoint.Kind)}; a kind cannot change: create another endpoint."));
        }

        input.CheckDestination(endpoint.Kind, isCreate: false);
        await CheckAsync(input, tenantId, types, urls, context.RequestAborted);
        var headers = input.HasHeaders ? input.Headers : endpoint.Headers;
        var secretNames = input.HasSecretHeaders ? input.SecretHeaders?.Keys : endpoint.SecretHeaders?.Keys;
        foreach (var name in secretNames?.Where(n => headers?.ContainsKey(n) == true) ?? [])
        {
            input.Errors.Add(new FieldError(input.HasSecretHeaders ? $"/secretHeaders/{name}" : $"/headers/{name}", $"'{name}' is a secret header of this endpoint too: a header is either plain or secret."));
        }

        if (input.Errors.Count > 0)
        {
            return input.Rejected("The change is not valid.");
        }

        var now = time.GetUtcNow();
        var updated = endpoint with
        {
            Url = input.HasUrl ? input.Url!
                : input.Destination.HasEmail || input.Destination.HasRabbitMq ? DestinationUrl(endpoint.Kind, null, input.Destination) : endpoint.Url,
            Email = input.Destination.Email ?? endpoint.Email,
            RabbitMq = input.Destination.RabbitMq is { } rabbit ? rabbit with { Url = secrets.SealBroker(endpoint.Id, rabbit.Url) } : endpoint.RabbitMq,
            Description = input.HasDescription ? input.Description : endpoint.Description,
            EventTypes = input.EventTypes ?? endpoint.EventTypes,
            Filter = input.HasFilter ? input.Filter : endpoint.Filter,
            Headers = headers,
            SecretHeaders = !input.HasSecretHeaders ? endpoint.SecretHeaders
                : input.SecretHeaders is { Count: > 0 } secretHeaders ? secrets.SealHeaders(endpoint.Id, secretHeaders) : null,
            SendTraceContext = input.SendTraceContext ?? endpoint.SendTraceContext,
            DelaySeconds = input.DelaySeconds ?? endpoint.DelaySeconds,
            MaxOrderItems = input.HasMaxOrderItems ? input.MaxOrderItems : endpoint.MaxOrderItems,
            MaxInFlight = input.HasMaxInFlight ? input.MaxInFlight : endpoint.MaxInFlight,
            RateLimit = input.HasRateLimit ? input.RateLimit : endpoint.RateLimit,
            Ordering = input.HasOrdering ? input.Ordering : endpoint.Ordering,
            UpdatedAt = now,
        };
        if (input.SignatureScheme is { } scheme && scheme != endpoint.SignatureScheme)
        {
            // Both schemes sign during the overlap, so receivers can move from one to the other without a gap.
            updated = EndpointSigning.Rotate(updated, secrets, scheme, null, now, delivery.Value.SecretRotationOverlap, out var notShown); // a PATCH answers the view: the new key is read with GET /secret
        }

        if (input.Disabled is { } disabled && disabled != endpoint.Disabled)
        {
            updated = updated with
            {
                Disabled = disabled,
                DisabledReason = disabled ? "disabled by the tenant" : null,
                DisabledAt = disabled ? now : null,
            };
        }

        await endpoints.SaveAsync(updated);
        if (updated.Disabled != endpoint.Disabled)
        {
            await (updated.Disabled
                ? operations.EndpointDisabledAsync(updated, "manual", updated.DisabledReason!, now)
                : operations.EndpointEnabledAsync(updated));
        }

        return TypedResults.Ok(EndpointView.Of(updated));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, string id, EndpointStore endpoints, StatsStore stats)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        // The tenant's all-time stats keep what this endpoint counted ("no matter if rules have been deleted").
        await stats.RetireAsync(endpoint);
        await endpoints.DeleteAsync(endpoint);
        return TypedResults.NoContent();
    }

    // A v1a endpoint answers its public key only: no call ever returns a private key.
    private static async Task<Results<Ok<SecretView>, ProblemHttpResult>> GetSecretAsync(HttpContext context, string id, EndpointStore endpoints, EndpointSecrets secrets) =>
        await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint ? Problem.NotFound("endpoint")
            : endpoint.SignatureScheme == SignatureScheme.V1a ? TypedResults.Ok(new SecretView("v1a", null, endpoint.PublicKey))
            : TypedResults.Ok(new SecretView("v1", secrets.OpenSigning(endpoint.Id, endpoint.Secret), null));

    private static async Task<Results<Ok<SecretRotated>, ProblemHttpResult>> RotateSecretAsync(
        HttpContext context, string id, RotateSecretRequest request, EndpointStore endpoints, EndpointSecrets secrets, TimeProvider time, IOptions<DeliveryOptions> delivery)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        if (request.Secret is { } given && (endpoint.SignatureScheme == SignatureScheme.V1a
            ? "a v1a endpoint's Ed25519 key is generated by the gateway: rotate without a secret."
            : WebhookSecret.Validate(given)) is { } why)
        {
            return Problem.Validation("/secret", why);
        }

        var now = time.GetUtcNow();
        var rotated = EndpointSigning.Rotate(endpoint, secrets, endpoint.SignatureScheme, request.Secret, now, delivery.Value.SecretRotationOverlap, out var secret);
        await endpoints.SaveAsync(rotated);
        return TypedResults.Ok(rotated.SignatureScheme == SignatureScheme.V1a
            ? new SecretRotated(null, rotated.PublicKey, rotated.PreviousSecretExpiresAt!.Value)
            : new SecretRotated(secret, null, rotated.PreviousSecretExpiresAt!.Value));
    }

    /// <summary>What <see cref="WebhookEndpoint.Url"/> shows for <paramref name="kind"/>: the POST URL, the recipients, or the broker without credentials.</summary>
    private static string DestinationUrl(DestinationKind kind, string? url, DestinationInput destination) => kind switch
    {
        DestinationKind.Email => "mailto:" + string.Join(',', destination.Email!.To),
        DestinationKind.RabbitMq => Delivery.Dispatch.RabbitMq.BrokerAddress.Display(new Uri(destination.RabbitMq!.Url)),
        _ => url!,
    };

    private static async Task CheckAsync(EndpointInput input, string tenantId, EventTypeRegistry types, UrlValidator urls, CancellationToken cancellationToken)
    {
        if (input.Destination.RabbitMq is { } rabbit && await urls.ValidateBrokerAsync(rabbit.Url, cancellationToken) is { } brokerWhy)
        {
            input.Errors.Add(new FieldError("/rabbitmq/url", brokerWhy));
        }

        if (input.HasUrl && input.Url is not null && await urls.ValidateAsync(input.Url, cancellationToken) is { } why)
        {
            input.Errors.Add(new FieldError("/url", why));
        }

        if (input.EventTypes is { } eventTypes)
        {
            var known = await types.NamesAsync(tenantId);
            for (var i = 0; i < eventTypes.Count; i++)
            {
                var pattern = eventTypes[i];
                var ok = EventTypeMatcher.IsWildcard(pattern) ? EventTypeMatcher.MatchesSome(pattern, known) : known.Contains(pattern);
                if (!ok)
                {
                    input.Errors.Add(new FieldError($"/eventTypes/{i}", $"'{pattern}' is not a known event type; see GET /v1/event-types."));
                }
            }
        }
    }
}
