using Gateway.Client.Http;

namespace Gateway.Client.Orders;

/// <summary>Orders moving through the tenant's status workflow, and the workflow itself.</summary>
public sealed class OrdersClient
{
    private readonly GatewayHttp _http;

    internal OrdersClient(GatewayHttp http) => _http = http;

    /// <summary>Moves an order to a status; emits <c>order.statusChanged</c> unless <see cref="StatusChange.Notify"/> is false.</summary>
    /// <param name="ifMatch">The version read last: a stale one answers 412.</param>
    [GatewayRoute("PUT", "/v1/orders/{orderId}/status")]
    public Task<StatusChanged> SetStatusAsync(string orderId, StatusChange change, long? ifMatch = null, CancellationToken cancellationToken = default) =>
        PutStatusAsync(Path(orderId) + "/status", change, ifMatch, cancellationToken);

    /// <summary>Forces a status outside the workflow (admin key or an admin-scoped tenant key); recorded as forced.</summary>
    [GatewayRoute("PUT", "/v1/orders/{orderId}/status/override")]
    public Task<StatusChanged> OverrideStatusAsync(string orderId, StatusChange change, long? ifMatch = null, CancellationToken cancellationToken = default) =>
        PutStatusAsync(Path(orderId) + "/status/override", change, ifMatch, cancellationToken);

    [GatewayRoute("GET", "/v1/orders/{orderId}/status/transitions")]
    public Task<OrderTransitions> GetTransitionsAsync(string orderId, CancellationToken cancellationToken = default) =>
        _http.GetAsync<OrderTransitions>(Path(orderId) + "/status/transitions", cancellationToken);

    [GatewayRoute("GET", "/v1/orders/{orderId}")]
    public Task<Order> GetAsync(string orderId, CancellationToken cancellationToken = default) =>
        _http.GetAsync<Order>(Path(orderId), cancellationToken);

    [GatewayRoute("GET", "/v1/order-workflow")]
    public Task<Workflow> GetWorkflowAsync(CancellationToken cancellationToken = default) =>
        _http.GetAsync<Workflow>("/v1/order-workflow", cancellationToken);

    /// <summary>Sets the workflow: a preset (<c>platform</c>, <c>lifecycle</c>, <c>3dcart</c>, …) or a definition.</summary>
    [GatewayRoute("PUT", "/v1/order-workflow")]
    public Task<Workflow> SetWorkflowAsync(WorkflowRequest workflow, CancellationToken cancellationToken = default) =>
        _http.SendAsync<Workflow>(HttpMethod.Put, "/v1/order-workflow", workflow, cancellationToken);

    [GatewayRoute("GET", "/v1/order-workflow/presets")]
    public async Task<IReadOnlyList<Workflow>> ListWorkflowPresetsAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetAsync<ListOf<Workflow>>("/v1/order-workflow/presets", cancellationToken)).Data;

    private async Task<StatusChanged> PutStatusAsync(string path, StatusChange change, long? ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        var headers = ifMatch is { } version ? new Dictionary<string, string> { ["If-Match"] = $"\"{version}\"" } : null;
        return await _http.SendAsync<StatusChanged>(HttpMethod.Put, path, change, cancellationToken, headers: headers);
    }

    private static string Path(string orderId) => "/v1/orders/" + Query.Segment(orderId);
}
