namespace Gateway.Orders;

/// <summary>A named set of order statuses, the status every new order starts at, and the allowed transitions.</summary>
public sealed record OrderWorkflow
{
    public required string Name { get; init; }

    /// <summary>The preset this workflow is, or null for a tenant's own definition.</summary>
    public string? Preset { get; init; }

    public required string Initial { get; init; }

    public required IReadOnlyList<string> Statuses { get; init; }

    public required IReadOnlyList<WorkflowTransition> Transitions { get; init; }

    public bool HasStatus(string status) => Statuses.Contains(status, StringComparer.Ordinal);

    /// <summary>
    /// Where an order can go from <paramref name="current"/>. An order the gateway has not seen yet starts at
    /// <see cref="Initial"/>: its first status is the initial status itself or one transition away from it.
    /// </summary>
    public IReadOnlyList<NextStatus> Next(string current, bool isNew)
    {
        var next = new List<NextStatus>();
        if (isNew)
        {
            next.Add(new NextStatus(Initial, AdminOnly: false));
        }

        foreach (var t in Transitions)
        {
            if (t.From == current && !next.Any(n => n.Status == t.To))
            {
                next.Add(new NextStatus(t.To, t.AdminOnly));
            }
        }

        return next;
    }

    /// <summary>The statuses from which <paramref name="target"/> may be reached, split by who may make the move.</summary>
    public (IReadOnlyList<string> Open, IReadOnlyList<string> AdminOnly) SourcesOf(string target)
    {
        var open = new List<string>();
        var adminOnly = new List<string>();
        foreach (var t in Transitions.Where(t => t.To == target))
        {
            (t.AdminOnly ? adminOnly : open).Add(t.From);
        }

        return (open, adminOnly);
    }
}
