using Gateway.Problems;

namespace Gateway.Orders;

/// <summary><c>/v1/order-workflow</c>: the tenant's order workflow, a preset or its own.</summary>
public static class OrderWorkflowApi
{
    public static IEndpointRouteBuilder MapOrderWorkflow(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/order-workflow").RequireTenantOrOperator();

        group.MapGet("/", async (HttpContext context, WorkflowStore workflows) =>
        {
            var (workflow, isDefault) = await workflows.GetAsync(context.Caller().TenantId);
            return Results.Ok(View(workflow, isDefault));
        });

        group.MapPut("/", async (HttpContext context, WorkflowStore workflows) =>
        {
            var (document, error) = await RequestJson.ReadObjectAsync(context.Request);
            if (error is not null)
            {
                return error;
            }

            using var _ = document;
            var root = document!.RootElement;
            if (RequestJson.RefuseUnknownFields(root, "a workflow", root.TryGetProperty("preset", out var preset) && preset.ValueKind != System.Text.Json.JsonValueKind.Undefined ? ["preset"] : ["name", "initial", "statuses", "transitions"]) is { } unknown)
            {
                return unknown;
            }

            var (workflow, errors) = WorkflowRequest.Parse(root);
            if (workflow is null)
            {
                return Problem.Validation("The workflow is not valid.", errors);
            }

            await workflows.SaveAsync(context.Caller().TenantId, workflow);
            return Results.Ok(View(workflow, isDefault: false));
        });

        group.MapGet("/presets", () => Results.Ok(new { data = WorkflowPresets.All.Values.Select(w => View(w, isDefault: w.Name == WorkflowPresets.Default)) }));

        return app;
    }

    private static object View(OrderWorkflow workflow, bool isDefault) => new
    {
        workflow.Name,
        workflow.Preset,
        workflow.Initial,
        workflow.Statuses,
        workflow.Transitions,
        isDefault,
    };
}
