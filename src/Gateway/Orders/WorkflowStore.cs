using System.Text.Json;
using Gateway.Delivery.Storage;
using Gateway.Tenants;

namespace Gateway.Orders;

/// <summary>
/// Each tenant's order workflow. A preset is stored by name only, so a tenant on a preset follows the preset as the
/// gateway ships it; a tenant's own definition is stored whole.
/// </summary>
public sealed class WorkflowStore(RedisStore store, TenantStore tenants)
{
    /// <summary>The tenant's workflow, or the default preset (<c>IsDefault</c>) when it has not chosen one.</summary>
    public async Task<(OrderWorkflow Workflow, bool IsDefault)> GetAsync(string tenantId)
    {
        var json = await store.Database.StringGetAsync(store.Keys.TenantOrderWorkflow(tenantId)).ConfigureAwait(false);
        if (json.IsNullOrEmpty)
        {
            return (WorkflowPresets.Get(WorkflowPresets.Default), true);
        }

        var saved = JsonSerializer.Deserialize<SavedWorkflow>((string)json!, GatewayJson.Options)!;
        if (saved.Preset is not null)
        {
            return WorkflowPresets.All.TryGetValue(saved.Preset, out var preset)
                ? (preset, false)
                : (WorkflowPresets.Get(WorkflowPresets.Default), true);
        }

        return (saved.Definition!, false);
    }

    public async Task SaveAsync(string tenantId, OrderWorkflow workflow)
    {
        var saved = workflow.Preset is not null ? new SavedWorkflow(workflow.Preset, null) : new SavedWorkflow(null, workflow);
        await store.Database.StringSetAsync(store.Keys.TenantOrderWorkflow(tenantId), JsonSerializer.Serialize(saved, GatewayJson.Options)).ConfigureAwait(false);
        if (await tenants.GetAsync(tenantId).ConfigureAwait(false) is { } tenant && tenant.Workflow != workflow.Name)
        {
            await tenants.SaveAsync(tenant with { Workflow = workflow.Name }).ConfigureAwait(false);
        }
    }

    private sealed record SavedWorkflow(string? Preset, OrderWorkflow? Definition);
}
