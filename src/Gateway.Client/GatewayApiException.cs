using System.Net;

namespace Gateway.Client;

/// <summary>The gateway answered with an error status; <see cref="Problem"/> holds what it said.</summary>
public sealed class GatewayApiException : Exception
{
    public GatewayApiException(HttpStatusCode statusCode, GatewayProblem? problem, TimeSpan? retryAfter, string? body)
        : base(MessageOf(statusCode, problem, body))
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem details, when the answer was <c>application/problem+json</c>.</summary>
    public GatewayProblem? Problem { get; }

    /// <summary>Validation errors with their JSON pointers; empty when there are none.</summary>
    public IReadOnlyList<FieldError> Errors => Problem?.Errors ?? [];

    /// <summary>How long the gateway asked to wait (429 rate limit, 503 store unavailable), after the client's own retries.</summary>
    public TimeSpan? RetryAfter { get; }

    private static string MessageOf(HttpStatusCode status, GatewayProblem? problem, string? body)
    {
        var what = problem is null ? body : string.Join(": ", new[] { problem.Title, problem.Detail }.Where(s => !string.IsNullOrEmpty(s)));
        var errors = problem?.Errors is { Count: > 0 } list ? " (" + string.Join("; ", list.Select(e => $"{e.Path}: {e.Message}")) + ")" : "";
        return $"The gateway answered {(int)status} {status}: {what}{errors}";
    }
}
