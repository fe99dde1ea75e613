using Gateway.Schemas;
using Gateway.Tenants;

namespace Gateway.ApiDocs;

/// <summary>
/// Every documented route, keyed by <c>METHOD /path</c> as the OpenAPI document spells it. A test fails when a mapped
/// route is missing here or from the document, and when an entry here names no route. <c>/metrics</c> is Prometheus
/// text, excluded from the description where it is mapped.
/// </summary>
public static class ApiOperations
{
    public static readonly IReadOnlyDictionary<string, ApiOperation> All = new Dictionary<string, ApiOperation>(StringComparer.Ordinal)
    {
        ["GET /healthz"] = new("Liveness: the process answers.", null, 200, typeof(HealthView)),
        ["GET /readyz"] = new("Readiness: Redis answers, the encryption key is there and opens every stored secret, and the workers' heartbeat is fresh; 503 with the reason when not.", null, 200, typeof(HealthView), 503),

        ["POST /admin/tenants"] = new("Create a tenant; its API key is shown once.", typeof(CreateTenantRequest), 201, typeof(TenantCreated), 422),
        ["GET /admin/tenants"] = new("List tenants.", null, 200, typeof(ListOf<Tenant>)),
        ["GET /admin/encryption"] = new("The operator key of endpoint secrets: current key id, every key id this process opens, and any problem.", null, 200, typeof(EncryptionStatusView)),
        ["POST /admin/encryption/reencrypt"] = new("Re-encrypt every endpoint's secrets under the current key (after a key rotation).", null, 200, typeof(Secrets.ReencryptionReport), 503),
        ["GET /admin/tenants/{tenantId}"] = new("Read a tenant.", null, 200, typeof(Tenant), 404),
        ["POST /admin/tenants/{tenantId}/keys"] = new("Issue a key for a tenant (scope tenant or admin).", typeof(CreateKeyRequest), 201, typeof(KeyIssued), 404, 422),
        ["GET /admin/tenants/{tenantId}/keys"] = new("List a tenant's keys (never the keys themselves).", null, 200, typeof(ListOf<KeyView>), 404),
        ["DELETE /admin/tenants/{tenantId}/keys/{keyId}"] = new("Revoke a tenant's key.", null, 204, null, 404),
        ["POST /admin/tenants/{tenantId}/console-sessions"] = new("Open a console link for any tenant.", null, 201, typeof(ConsoleLinkView), 404),
        ["GET /admin/tenants/{tenantId}/console-sessions"] = new("List a tenant's live console sessions.", null, 200, typeof(ListOf<ConsoleSessionView>), 404),
        ["DELETE /admin/tenants/{tenantId}/console-sessions"] = new("Revoke every console session of a tenant.", null, 200, typeof(RevokedView)),
        ["DELETE /admin/tenants/{tenantId}/console-sessions/{sessionId}"] = new("Revoke one console session.", null, 204, null, 404),

        ["POST /v1/keys"] = new("Issue a new key for the calling tenant (rotate: issue, then revoke the old).", typeof(CreateKeyRequest), 201, typeof(KeyIssued), 403, 422),
        ["GET /v1/keys"] = new("List the tenant's keys.", null, 200, typeof(ListOf<KeyView>)),
        ["DELETE /v1/keys/{keyId}"] = new("Revoke one of the tenant's keys.", null, 204, null, 404),

        ["POST /v1/console-sessions"] = new("Create a single-use console link (1 h); opening it starts a browser session (≤ 12 h).", null, 201, typeof(ConsoleLinkView), 403),
        ["GET /v1/console-sessions"] = new("List the tenant's live console sessions.", null, 200, typeof(ListOf<ConsoleSessionView>)),
        ["DELETE /v1/console-sessions"] = new("Revoke every console session of the tenant.", null, 200, typeof(RevokedView)),
        ["DELETE /v1/console-sessions/{sessionId}"] = new("Revoke one console session.", null, 204, null, 404),
        ["POST /console/session"] = new("Exchange a console link's token for the session cookie (the console's page does this).", typeof(OpenLinkRequest), 200, typeof(CurrentSessionView), 415),
        ["GET /console/session"] = new("The current console session and its CSRF token.", null, 200, typeof(CurrentSessionView)),
        ["DELETE /console/session"] = new("Sign out: end the current console session.", null, 204, null, 403),


        ["GET /v1/event-types"] = new("The catalog: every event type with its JSON Schema.", null, 200, typeof(ListOf<EventTypeView>)),
        ["GET /v1/event-types/{name}"] = new("One event type with its JSON Schema.", null, 200, typeof(EventTypeView), 404),
        ["GET /v1/event-types/{name}/example"] = new("An example document of the type, built from its schema.", null, 200, typeof(Ingestion.EventDocument), 404),
        ["POST /v1/event-types"] = new("Register a custom event type with its JSON Schema.", typeof(CreateEventTypeRequest), 201, typeof(EventTypeView), 409, 422),
        ["DELETE /v1/event-types/{name}"] = new("Delete a custom event type.", null, 204, null, 404, 409),
    };

    public static string Key(string method, string path) => $"{method.ToUpperInvariant()} {Normalize(path)}";

    /// <summary>Group routes mapped at "/" come out as "/v1/endpoints/"; the table writes them without the slash.</summary>
    public static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
