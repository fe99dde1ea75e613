namespace Gateway.Problems;

/// <summary>One validation failure: where (a JSON pointer into the request) and what.</summary>
public sealed record FieldError(string Path, string Message);
