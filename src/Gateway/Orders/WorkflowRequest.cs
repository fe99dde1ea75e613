using System.Text.Json;
using Gateway.Problems;

namespace Gateway.Orders;

/// <summary>
/// The body of <c>PUT /v1/order-workflow</c>: <c>{"preset"}</c>, or a definition
/// <c>{"name","initial","statuses":[…],"transitions":[{"from","to","adminOnly"?}]}</c>.
/// </summary>
/// <param name="Preset">A preset's name (see <c>GET /v1/order-workflow/presets</c>); then no other field.</param>
public sealed record WorkflowRequest(
    string? Preset = null, string? Name = null, string? Initial = null, IReadOnlyList<string>? Statuses = null, IReadOnlyList<WorkflowTransition>? Transitions = null)
    : IJsonRequest<WorkflowRequest>
{
    private static readonly string[] DefinitionFields = ["name", "initial", "statuses", "transitions"];
    private static readonly string[] PresetFields = ["preset"];

    /// <summary>
    /// The fields a body may have depend on its form (a preset, or a definition); a value of the wrong type, or a
    /// definition that breaks <see cref="WorkflowRules"/>, is one more validation error at its pointer.
    /// </summary>
    static WorkflowRequest IJsonRequest<WorkflowRequest>.Read(JsonElement body)
    {
        if (RequestJson.RefuseUnknownFields(body, "a workflow", body.TryGetProperty("preset", out _) ? PresetFields : DefinitionFields) is { } unknown)
        {
            throw new RejectedRequestException(unknown);
        }

        var (workflow, errors) = Parse(body);
        return workflow is null
            ? throw new RejectedRequestException(Problem.Validation("The workflow is not valid.", errors))
            : workflow.Preset is { } preset ? new WorkflowRequest(preset) : new WorkflowRequest(null, workflow.Name, workflow.Initial, workflow.Statuses, workflow.Transitions);
    }

    /// <summary>The workflow asked for: the preset, or the definition.</summary>
    public OrderWorkflow ToWorkflow() => Preset is { } preset
        ? WorkflowPresets.Get(preset)
        : new OrderWorkflow { Name = Name!, Initial = Initial!, Statuses = Statuses!, Transitions = Transitions! };

    public static (OrderWorkflow? Workflow, IReadOnlyList<FieldError> Errors) Parse(JsonElement body)
    {
        if (body.TryGetProperty("preset", out var preset))
        {
            return ParsePreset(body, preset);
        }

        var errors = new List<FieldError>();
        var name = ReadName(body, "name", "/name", errors);
        var initial = ReadName(body, "initial", "/initial", errors);
        var statuses = ReadStatuses(body, errors);
        var transitions = ReadTransitions(body, errors);
        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var workflow = new OrderWorkflow { Name = name!, Initial = initial!, Statuses = statuses, Transitions = transitions };
        var structural = WorkflowRules.Check(workflow);
        return structural.Count > 0 ? (null, structural) : (workflow, []);
    }

    private static (OrderWorkflow?, IReadOnlyList<FieldError>) ParsePreset(JsonElement body, JsonElement preset)
    {
        if (DefinitionFields.FirstOrDefault(f => body.TryGetProperty(f, out _)) is { } extra)
        {
            return (null, [new FieldError($"/{extra}", "Give either a preset or a definition, not both.")]);
        }

        var names = string.Join(", ", WorkflowPresets.All.Keys);
        if (preset.ValueKind != JsonValueKind.String || !WorkflowPresets.All.TryGetValue(preset.GetString()!, out var workflow))
        {
            return (null, [new FieldError("/preset", $"preset is one of: {names}.")]);
        }

        return (workflow, []);
    }

    private static string? ReadName(JsonElement body, string property, string path, List<FieldError> errors)
    {
        if (!body.TryGetProperty(property, out var value) || value.ValueKind != JsonValueKind.String || !WorkflowRules.IsValidName(value.GetString()))
        {
            errors.Add(new FieldError(path, $"{property} is required: 1 to {WorkflowRules.MaxNameLength} characters, no control characters or surrounding blanks."));
            return null;
        }

        return value.GetString();
    }

    private static List<string> ReadStatuses(JsonElement body, List<FieldError> errors)
    {
        var statuses = new List<string>();
        if (!body.TryGetProperty("statuses", out var array) || array.ValueKind != JsonValueKind.Array
            || array.GetArrayLength() is 0 or > WorkflowRules.MaxStatuses)
        {
            errors.Add(new FieldError("/statuses", $"statuses is required: a list of 1 to {WorkflowRules.MaxStatuses} status names."));
            return statuses;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String && WorkflowRules.IsValidName(item.GetString()))
            {
                statuses.Add(item.GetString()!);
            }
            else
            {
                errors.Add(new FieldError($"/statuses/{i}", $"A status is 1 to {WorkflowRules.MaxNameLength} characters, no control characters or surrounding blanks."));
            }

            i++;
        }

        return statuses;
    }

    private static List<WorkflowTransition> ReadTransitions(JsonElement body, List<FieldError> errors)
    {
        var transitions = new List<WorkflowTransition>();
        if (!body.TryGetProperty("transitions", out var array) || array.ValueKind != JsonValueKind.Array
            || array.GetArrayLength() > WorkflowRules.MaxTransitions)
        {
            errors.Add(new FieldError("/transitions", $"transitions is required: a list of at most {WorkflowRules.MaxTransitions} {{\"from\",\"to\",\"adminOnly\"?}} objects."));
            return transitions;
        }

        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            var path = $"/transitions/{i++}";
            if (item.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new FieldError(path, "A transition is an object {\"from\",\"to\",\"adminOnly\"?}."));
                continue;
            }

            var from = ReadName(item, "from", path + "/from", errors);
            var to = ReadName(item, "to", path + "/to", errors);
            var adminOnly = false;
            if (item.TryGetProperty("adminOnly", out var flag))
            {
                if (flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    adminOnly = flag.GetBoolean();
                }
                else if (flag.ValueKind != JsonValueKind.Null)
                {
                    errors.Add(new FieldError(path + "/adminOnly", "adminOnly is a boolean."));
                }
            }

            if (from is not null && to is not null)
            {
                transitions.Add(new WorkflowTransition(from, to, adminOnly));
            }
        }

        return transitions;
    }
}
