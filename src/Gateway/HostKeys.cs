using Gateway.Delivery.Storage;

namespace Gateway;

/// <summary>
/// The keys of the host's own features, beside the engine's <see cref="RedisKeys"/> and under the same prefix:
/// tenants, API keys, endpoints, event types, the tenant rate limit and orders. Keys of one order share a shard's hash
/// tag <c>{ord:N}</c> (its state, history, sending lock and the shard's outbox), so every order script touches one slot.
/// </summary>
public static class HostKeys
{
    extension(RedisKeys keys)
    {
        public string Tenants => $"{keys.Prefix}:tenants";

        public string Tenant(string tenantId) => $"{keys.Prefix}:tenant:{tenantId}";

        public string TenantKeys(string tenantId) => $"{keys.Prefix}:tenant:{tenantId}:keys";

        public string TenantEndpoints(string tenantId) => $"{keys.Prefix}:tenant:{tenantId}:endpoints";

        public string TenantEventTypes(string tenantId) => $"{keys.Prefix}:tenant:{tenantId}:eventtypes";

        public string TenantOrderWorkflow(string tenantId) => $"{keys.Prefix}:tenant:{tenantId}:orderworkflow";

        // The tenant's cluster-wide ingestion rate (GCRA theoretical arrival time, µs).
        public string TenantRate(string tenantId) => $"{keys.Prefix}:{{t:{tenantId}}}:rate";

        public string ApiKey(string keyHash) => $"{keys.Prefix}:apikey:{keyHash}";

        public string Endpoint(string endpointId) => $"{keys.Prefix}:endpoint:{endpointId}";

        public string OrderState(string tenantId, string orderId) =>
            $"{keys.Prefix}:{{ord:{RedisKeys.OrderShard(tenantId, orderId)}}}:state:{tenantId}:{orderId}";

        public string OrderHistory(string tenantId, string orderId) =>
            $"{keys.Prefix}:{{ord:{RedisKeys.OrderShard(tenantId, orderId)}}}:history:{tenantId}:{orderId}";

        // Held by the one process that hands an order's status events to ingestion, so they are accepted in version order.
        public string OrderSendingLock(string tenantId, string orderId) =>
            $"{keys.Prefix}:{{ord:{RedisKeys.OrderShard(tenantId, orderId)}}}:sending:{tenantId}:{orderId}";

        public string OrderOutbox(int shard) => $"{keys.Prefix}:{{ord:{shard}}}:outbox";
    }

    extension(RedisKeys)
    {
        /// <summary>Orders are spread over <see cref="RedisKeys.IngestShards"/> shards by tenant and order id.</summary>
        public static int OrderShard(string tenantId, string orderId)
        {
            Span<byte> hash = stackalloc byte[32];
            System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tenantId + "\n" + orderId), hash);
            return hash[0] % RedisKeys.IngestShards;
        }
    }
}
