namespace Gateway.Client;

/// <summary>An <c>application/problem+json</c> answer (RFC 9457) as the gateway writes it.</summary>
/// <param name="Errors">Validation errors: a JSON pointer into the request body and what is wrong there.</param>
public sealed record GatewayProblem(string? Type, string? Title, int? Status, string? Detail, IReadOnlyList<FieldError>? Errors);

/// <summary>One validation error: <paramref name="Path"/> is a JSON pointer (RFC 6901) into the request body, e.g. <c>/order/total</c>.</summary>
public sealed record FieldError(string Path, string Message);
