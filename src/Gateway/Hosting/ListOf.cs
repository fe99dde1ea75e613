namespace Gateway.Hosting;

/// <summary>A list answer: the items under <c>data</c>, so fields can be added beside them later without breaking a client.</summary>
/// <typeparam name="T">The item.</typeparam>
public sealed record ListOf<T>(IReadOnlyList<T> Data);
