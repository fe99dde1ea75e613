using System.Text.Json;
using Gateway.Client.Http;

namespace Gateway.Client.EventTypes;

/// <summary>The event catalog: built-in types and the tenant's own, each with its JSON Schema.</summary>
public sealed class EventTypesClient
{
    private readonly GatewayHttp _http;

    internal EventTypesClient(GatewayHttp http) => _http = http;

    [GatewayRoute("GET", "/v1/event-types")]
    public async Task<IReadOnlyList<EventType>> ListAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<EventType>>("/v1/event-types", cancellationToken)).Data;

    [GatewayRoute("GET", "/v1/event-types/{name}")]
    public Task<EventType> GetAsync(string name, CancellationToken cancellationToken = default) =>
        _http.GetAsync<EventType>(Path(name), cancellationToken);

    /// <summary>An example document of the type, built from its schema.</summary>
    [GatewayRoute("GET", "/v1/event-types/{name}/example")]
    public Task<JsonElement> GetExampleAsync(string name, CancellationToken cancellationToken = default) =>
        _http.GetAsync<JsonElement>(Path(name) + "/example", cancellationToken);

    /// <summary>Registers a custom event type with its JSON Schema.</summary>
    [GatewayRoute("POST", "/v1/event-types")]
    public Task<EventType> CreateAsync(string name, object schema, string? description = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync<EventType>(HttpMethod.Post, "/v1/event-types", new { name, description, schema }, cancellationToken);

    [GatewayRoute("DELETE", "/v1/event-types/{name}")]
    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, Path(name), null, cancellationToken);

    private static string Path(string name) => "/v1/event-types/" + Query.Segment(name);
}

public sealed record EventType(string Name, string? Description, bool BuiltIn, JsonElement Schema);
