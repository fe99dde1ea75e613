using System.Text.Json;

namespace Gateway.Filters;

/// <summary>
/// An endpoint's content filter, compiled once into a tree of evaluators. Thread-safe; evaluation never throws
/// and does not allocate for filters without regular expressions. The language is described in <c>docs/filters.md</c>.
/// </summary>
public sealed class EventFilter
{
    private const string UnreadableEvent = "event is not readable JSON";

    private readonly FilterNode _root;

    internal EventFilter(FilterNode root, int nodeCount)
    {
        _root = root;
        NodeCount = nodeCount;
    }

    /// <summary>How many combinators and operators the filter holds (at most <see cref="FilterCompiler.MaxNodes"/>).</summary>
    public int NodeCount { get; }

    /// <summary>Compiles a filter document, collecting every error with its JSON pointer instead of stopping at the first.</summary>
    public static FilterCompileResult Compile(JsonElement filter) => new FilterCompiler().Compile(filter);

    public bool Matches(JsonElement eventRoot) => Matches(eventRoot, out _);

    /// <summary>Evaluates the filter; <paramref name="rejectedBy"/> names the first rule that failed, null on a match.</summary>
    public bool Matches(JsonElement eventRoot, out string? rejectedBy)
    {
        try
        {
            if (eventRoot.ValueKind == JsonValueKind.Undefined)
            {
                rejectedBy = UnreadableEvent;
                return false;
            }

            var context = new EventContext(eventRoot);
            rejectedBy = _root.Reject(ref context)?.Description;
            return rejectedBy is null;
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            // A JsonElement of a disposed document: evaluation must never throw.
            rejectedBy = UnreadableEvent;
            return false;
        }
    }

    public override string ToString() => _root.Description;
}
