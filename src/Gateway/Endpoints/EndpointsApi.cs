using Gateway.Delivery.Dispatch;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Logs;
using Gateway.Delivery.Secrets;
using Gateway.Delivery.Signing;
using Gateway.Delivery.Storage;
using Gateway.Operations;
using Gateway.Problems;
using Gateway.Schemas;
using Gateway.Security;
using Gateway.Tenants;
using Microsoft.Extensions.Options;

namespace Gateway.Endpoints;

/// <summary><c>/v1/endpoints</c>: a tenant's subscriptions.</summary>
public static class EndpointsApi
{
    public static IEndpointRouteBuilder MapEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/endpoints").RequireTenant();
        app.MapEndpointTest();
        app.MapEmailPreview();
        app.MapEndpointHealth();
        app.MapEndpointRecovery();

        group.MapPost("/", async (HttpContext context, EndpointStore endpoints, EndpointSecrets secrets, EventTypeRegistry types, UrlValidator urls, TimeProvider time) =>
        {
            var (document, error) = await RequestJson.ReadObjectAsync(context.Request);
            if (error is not null)
            {
                return error;
            }

            using var _ = document;
            var tenantId = context.Tenant().TenantId;
            var input = EndpointInput.Parse(document!.RootElement, isCreate: true);
            await CheckAsync(input, tenantId, types, urls, context.RequestAborted);
            if (input.Errors.Count > 0)
            {
                return Invalid(input, "The endpoint is not valid.");
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
                MaxItems = input.MaxItems,
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
            return Results.Created($"/v1/endpoints/{endpoint.Id}", View(endpoint, fromConsole || scheme == SignatureScheme.V1a ? null : secret));
        });

        group.MapGet("/", async (HttpContext context, EndpointStore endpoints) =>
        {
            var all = await endpoints.ForTenantAsync(context.Tenant().TenantId);
            return Results.Ok(new { data = all.Select(s => View(s.Endpoint)) });
        });

        group.MapGet("/{id}", async (HttpContext context, string id, EndpointStore endpoints) =>
            await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is { } endpoint
                ? Results.Ok(View(endpoint))
                : Problem.NotFound("endpoint"));

        group.MapPatch("/{id}", async (HttpContext context, string id, EndpointStore endpoints, EndpointSecrets secrets, EventTypeRegistry types, UrlValidator urls, OperationalEvents operations, TimeProvider time, IOptions<DeliveryOptions> delivery) =>
        {
            var tenantId = context.Tenant().TenantId;
            if (await endpoints.GetForTenantAsync(tenantId, id) is not { } endpoint)
            {
                return Problem.NotFound("endpoint");
            }

            var (document, error) = await RequestJson.ReadObjectAsync(context.Request);
            if (error is not null)
            {
                return error;
            }

            using var _ = document;
            var input = EndpointInput.Parse(document!.RootElement, isCreate: false);
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
                return Invalid(input, "The change is not valid.");
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
                MaxItems = input.HasMaxItems ? input.MaxItems : endpoint.MaxItems,
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

            return Results.Ok(View(updated));
        });

        group.MapDelete("/{id}", async (HttpContext context, string id, EndpointStore endpoints, StatsStore stats) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
            {
                return Problem.NotFound("endpoint");
            }

            // The tenant's all-time stats keep what this endpoint counted ("no matter if rules have been deleted").
            await stats.RetireAsync(endpoint);
            await endpoints.DeleteAsync(endpoint);
            return Results.NoContent();
        });

        // A v1a endpoint answers its public key only: no call ever returns a private key.
        group.MapGet("/{id}/secret", async (HttpContext context, string id, EndpointStore endpoints, EndpointSecrets secrets) =>
            await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint ? Problem.NotFound("endpoint")
                : endpoint.SignatureScheme == SignatureScheme.V1a ? Results.Ok(new { signatureScheme = "v1a", publicKey = endpoint.PublicKey })
                : Results.Ok(new { signatureScheme = "v1", secret = secrets.OpenSigning(endpoint.Id, endpoint.Secret) }));

        group.MapPost("/{id}/secret/rotate", async (HttpContext context, string id, EndpointStore endpoints, EndpointSecrets secrets, TimeProvider time, IOptions<DeliveryOptions> delivery) =>
        {
            if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
            {
                return Problem.NotFound("endpoint");
            }

            var (request, error) = await OptionalJsonBody.ReadAsync<RotateSecretRequest>(context.Request);
            if (error is not null)
            {
                return error;
            }

            if (request?.Secret is { } given && (endpoint.SignatureScheme == SignatureScheme.V1a
                ? "a v1a endpoint's Ed25519 key is generated by the gateway: rotate without a secret."
                : WebhookSecret.Validate(given)) is { } why)
            {
                return Problem.Validation("/secret", why);
            }

            var now = time.GetUtcNow();
            var rotated = EndpointSigning.Rotate(endpoint, secrets, endpoint.SignatureScheme, request?.Secret, now, delivery.Value.SecretRotationOverlap, out var secret);
            await endpoints.SaveAsync(rotated);
            return rotated.SignatureScheme == SignatureScheme.V1a
                ? Results.Ok(new { publicKey = rotated.PublicKey, previousSecretExpiresAt = rotated.PreviousSecretExpiresAt })
                : Results.Ok(new { secret, previousSecretExpiresAt = rotated.PreviousSecretExpiresAt });
        });

        return app;
    }

    /// <summary>An endpoint as the API shows it: never a stored (encrypted) value, never a private key or a secret header's value.</summary>
    /// <param name="secret">The plain <c>whsec_</c> secret, only in the answer that created it.</param>
    public static object View(WebhookEndpoint endpoint, string? secret = null) => new
    {
        endpoint.Id,
        endpoint.Url,
        kind = DestinationInput.KindName(endpoint.Kind),
        endpoint.Email,
        // The broker URL is shown without its credentials (they are stored sealed, like secret headers).
        rabbitmq = endpoint.RabbitMq is { } rabbit ? new { url = endpoint.Url, rabbit.Exchange, rabbit.RoutingKey } : null,
        endpoint.Description,
        endpoint.EventTypes,
        endpoint.Filter,
        secret,
        signatureScheme = endpoint.SignatureScheme == SignatureScheme.V1a ? "v1a" : "v1",
        endpoint.PublicKey,
        endpoint.Headers,
        secretHeaders = endpoint.SecretHeaders?.Keys.Order(StringComparer.OrdinalIgnoreCase).ToArray(),
        endpoint.SendTraceContext,
        endpoint.DelaySeconds,
        endpoint.MaxItems,
        endpoint.MaxInFlight,
        endpoint.RateLimit,
        endpoint.Ordering,
        endpoint.Disabled,
        endpoint.DisabledReason,
        endpoint.DisabledAt,
        secretRotating = endpoint.PreviousSecret is not null ? endpoint.PreviousSecretExpiresAt : null,
        endpoint.CreatedAt,
        endpoint.UpdatedAt,
    };

    /// <summary>422 with every error, or 400 when an address or subject tried to smuggle a header in (CR/LF).</summary>
    private static IResult Invalid(EndpointInput input, string detail) =>
        input.Destination.Injection
            ? Problem.Create(StatusCodes.Status400BadRequest, "Bad request", detail + " A line break in an address or subject would inject a mail header.",
                new Dictionary<string, object?> { ["errors"] = input.Errors })
            : Problem.Validation(detail, input.Errors);

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
