namespace Gateway.Client;

/// <summary>The gateway's list envelope, <c>{"data":[…]}</c>.</summary>
public sealed record ListOf<T>(IReadOnlyList<T> Data);
