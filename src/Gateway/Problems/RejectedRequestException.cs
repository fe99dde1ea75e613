using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Problems;

/// <summary>
/// A request body that failed binding (<see cref="IJsonRequest{TSelf}"/>), carrying the problem to answer. Binding can
/// only return a value or throw, as the framework's own <see cref="BadHttpRequestException"/> does;
/// <see cref="RejectedRequestHandler"/> writes the problem.
/// </summary>
public sealed class RejectedRequestException(ProblemHttpResult problem) : Exception(problem.ProblemDetails.Detail)
{
    public ProblemHttpResult Problem { get; } = problem;
}
