using Gateway.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Orders;

/// <summary><c>/v1/order-workflow</c>: the tenant's order workflow, a preset or its own.</summary>
public static class OrderWorkflowApi
{
    public static IEndpointRouteBuilder MapOrderWorkflow(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/order-workflow").RequireTenantOrOperator().WithTags("Orders");
        group.MapGet("/", GetAsync)
            .WithSummary("The tenant's order-status workflow.");
        group.MapPut("/", SetAsync)
            .WithSummary("Set the workflow: a preset or a definition.");
        group.MapGet("/presets", ListPresets)
            .WithSummary("The workflow presets.");
        return app;
    }

    private static async Task<Ok<WorkflowView>> GetAsync(HttpContext context, WorkflowStore workflows)
    {
        var (workflow, isDefault) = await workflows.GetAsync(context.Caller().TenantId);
        return TypedResults.Ok(WorkflowView.Of(workflow, isDefault));
    }

    private static async Task<Ok<WorkflowView>> SetAsync(HttpContext context, WorkflowRequest request, WorkflowStore workflows)
    {
        var workflow = request.ToWorkflow();
        await workflows.SaveAsync(context.Caller().TenantId, workflow);
        return TypedResults.Ok(WorkflowView.Of(workflow, isDefault: false));
    }

    private static Ok<ListOf<WorkflowView>> ListPresets() =>
        TypedResults.Ok(new ListOf<WorkflowView>([.. WorkflowPresets.All.Values.Select(w => WorkflowView.Of(w, isDefault: w.Name == WorkflowPresets.Default))]));
}
