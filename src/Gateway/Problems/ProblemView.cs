namespace Gateway.Problems;

/// <summary>RFC 9457 problem details as this API writes them; <c>errors</c> on validation failures.</summary>
public sealed record ProblemView(string? Type, string Title, int Status, string? Detail, IReadOnlyList<FieldError>? Errors);
