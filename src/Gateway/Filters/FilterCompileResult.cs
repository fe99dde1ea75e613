namespace Gateway.Filters;

/// <summary>The outcome of <see cref="EventFilter.Compile"/>: a filter, or every error found in the filter document.</summary>
public sealed class FilterCompileResult
{
    internal FilterCompileResult(EventFilter? filter, IReadOnlyList<FilterError> errors)
    {
        Filter = filter;
        Errors = errors;
    }

    /// <summary>The compiled filter; null when <see cref="Errors"/> is not empty.</summary>
    public EventFilter? Filter { get; }

    public IReadOnlyList<FilterError> Errors { get; }

    public bool Success => Filter is not null;
}
