using Gateway.Problems;

namespace Gateway.Orders;

/// <summary>What makes a workflow sound: known statuses everywhere, no duplicates, and every status reachable from the initial one.</summary>
public static class WorkflowRules
{
    public const int MaxNameLength = 64;
    public const int MaxStatuses = 100;
    public const int MaxTransitions = 1000;

    /// <summary>
    /// 1 to 64 characters, no control characters and no surrounding blanks. The status store joins statuses with
    /// newlines, so a control character in a name must never get that far.
    /// </summary>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name.Trim().Length == name.Length && !name.Any(char.IsControl);

    /// <summary>The errors of a workflow's structure, each with a JSON pointer into its definition.</summary>
    public static IReadOnlyList<FieldError> Check(OrderWorkflow workflow)
    {
        var errors = new List<FieldError>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < workflow.Statuses.Count; i++)
        {
            if (!known.Add(workflow.Statuses[i]))
            {
                errors.Add(new FieldError($"/statuses/{i}", $"'{workflow.Statuses[i]}' is listed twice."));
            }
        }

        if (!known.Contains(workflow.Initial))
        {
            errors.Add(new FieldError("/initial", $"'{workflow.Initial}' is not one of the statuses."));
        }

        var pairs = new HashSet<(string, string)>();
        for (var i = 0; i < workflow.Transitions.Count; i++)
        {
            var t = workflow.Transitions[i];
            if (!known.Contains(t.From))
            {
                errors.Add(new FieldError($"/transitions/{i}/from", $"'{t.From}' is not one of the statuses."));
            }

            if (!known.Contains(t.To))
            {
                errors.Add(new FieldError($"/transitions/{i}/to", $"'{t.To}' is not one of the statuses."));
            }

            if (!pairs.Add((t.From, t.To)))
            {
                errors.Add(new FieldError($"/transitions/{i}", $"The transition '{t.From}' → '{t.To}' is listed twice."));
            }
        }

        if (errors.Count == 0)
        {
            var reachable = Reachable(workflow);
            for (var i = 0; i < workflow.Statuses.Count; i++)
            {
                if (!reachable.Contains(workflow.Statuses[i]))
                {
                    errors.Add(new FieldError($"/statuses/{i}", $"'{workflow.Statuses[i]}' cannot be reached from the initial status '{workflow.Initial}'."));
                }
            }
        }

        return errors;
    }

    private static HashSet<string> Reachable(OrderWorkflow workflow)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { workflow.Initial };
        var queue = new Queue<string>([workflow.Initial]);
        while (queue.TryDequeue(out var status))
        {
            foreach (var t in workflow.Transitions.Where(t => t.From == status))
            {
                if (seen.Add(t.To))
                {
                    queue.Enqueue(t.To);
                }
            }
        }

        return seen;
    }
}
