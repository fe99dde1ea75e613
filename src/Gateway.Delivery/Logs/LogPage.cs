namespace Gateway.Delivery.Logs;

/// <summary>A page of the log listing, newest first.</summary>
public sealed record LogPage<T>(IReadOnlyList<T> Data, string? NextCursor);
