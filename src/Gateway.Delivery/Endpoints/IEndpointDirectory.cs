namespace Gateway.Delivery.Endpoints;

/// <summary>Where the engine reads the endpoints it delivers to; the host owns them (its API and their filters).</summary>
public interface IEndpointDirectory
{
    /// <summary>Raised with an endpoint id when it changed in any process, or null when everything may have.</summary>
    event Action<string?>? Changed;

    /// <summary>One endpoint, from the cache; null when it does not exist.</summary>
    ValueTask<WebhookEndpoint?> FindAsync(string endpointId);

    /// <summary>A tenant's endpoints, enabled or not.</summary>
    Task<IReadOnlyList<WebhookEndpoint>> ForTenantAsync(string tenantId);

    /// <summary>The ids of every endpoint of every tenant.</summary>
    Task<IReadOnlyList<string>> AllIdsAsync();

    /// <summary>Disables an endpoint with the reason, unless it is gone or already disabled; returns whether it did.</summary>
    Task<bool> DisableAsync(string endpointId, string reason);
}
