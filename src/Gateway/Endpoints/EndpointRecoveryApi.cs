using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Delivery.Recovery;
using Gateway.Problems;
using Gateway.Tenants;

namespace Gateway.Endpoints;

/// <summary>
/// <c>POST /v1/endpoints/{id}/recover</c> <c>{"since", "until"?}</c>: queue again every failed message of the endpoint
/// accepted in the window (see <see cref="EndpointRecovery"/>), and <c>GET …/recover/{recoveryId}</c>: its progress.
/// </summary>
public static partial class EndpointRecoveryApi
{
    private static readonly string[] s_fields = ["since", "until"];

    public static IEndpointRouteBuilder MapEndpointRecovery(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/endpoints").RequireTenant();
        group.MapPost("/{id}/recover", StartAsync);
        group.MapGet("/{id}/recover/{recoveryId}", GetAsync);
        return app;
    }

    private static async Task<IResult> StartAsync(
        HttpContext context, string id, EndpointStore endpoints, EndpointRecovery recovery, RecoveryRunner runner, TimeProvider time)
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
        var body = document!.RootElement;
        if (RequestJson.RefuseUnknownFields(body, "a recovery", s_fields) is { } unknown)
        {
            return unknown;
        }

        var errors = new List<FieldError>();
        var since = ReadTime(body, "since", required: true, errors);
        var until = ReadTime(body, "until", required: false, errors);
        if (since is not null && until is not null && until < since)
        {
            errors.Add(new FieldError("/until", "until must not be before since."));
        }

        if (errors.Count > 0)
        {
            return Problem.Validation("The recovery window is not valid.", errors);
        }

        var window = new RecoveryWindow(since!.Value.ToUnixTimeMilliseconds(), (until ?? time.GetUtcNow()).ToUnixTimeMilliseconds(), IsOpen: until is null);
        var (progress, started) = await recovery.StartAsync(endpoint.Id, window);
        if (started)
        {
            // Not the request's token: once started, the recovery runs even if the caller goes away.
            await runner.EnqueueAsync(new RecoveryJob(tenantId, endpoint.Id, progress.Id, window), CancellationToken.None);
        }

        return Results.Accepted($"/v1/endpoints/{endpoint.Id}/recover/{progress.Id}", progress);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id, string recoveryId, EndpointStore endpoints, EndpointRecovery recovery)
    {
        if (await endpoints.GetForTenantAsync(context.Tenant().TenantId, id) is not { } endpoint)
        {
            return Problem.NotFound("endpoint");
        }

        return IsRecoveryId(recoveryId) && await recovery.GetAsync(endpoint.Id, recoveryId) is { } progress
            ? Results.Ok(progress)
            : Problem.NotFound("recovery");
    }

    // A full RFC 3339 date-time with its offset: a window's ends are instants, so a bare date or a local time is refused.
    private static DateTimeOffset? ReadTime(JsonElement body, string name, bool required, List<FieldError> errors)
    {
        var path = "/" + name;
        if (!body.TryGetProperty(name, out var value) || (!required && value.ValueKind == JsonValueKind.Null))
        {
            if (required)
            {
                errors.Add(new FieldError(path, $"{name} is required: an RFC 3339 date-time such as 2026-01-31T14:00:00Z."));
            }

            return null;
        }

        if (value.ValueKind == JsonValueKind.String && DateTime().IsMatch(value.GetString()!)
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var parsed)
            && parsed.Year >= 1970)
        {
            return parsed;
        }

        errors.Add(new FieldError(path, $"{name} must be an RFC 3339 date-time with its offset, such as 2026-01-31T14:00:00Z."));
        return null;
    }

    private static bool IsRecoveryId(string value) =>
        value.Length is > 4 and <= 64 && value.StartsWith("rcv_", StringComparison.Ordinal) && value.AsSpan(4).ToString().All(char.IsAsciiLetterOrDigit);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();
}
