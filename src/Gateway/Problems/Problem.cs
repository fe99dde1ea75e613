using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Gateway.Problems;

/// <summary>RFC 9457 problem responses with the titles this API uses.</summary>
public static class Problem
{
    public static ProblemHttpResult Create(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return TypedResults.Problem(problem);
    }

    public static ProblemHttpResult Validation(string detail, IReadOnlyList<FieldError> errors) =>
        Create(StatusCodes.Status422UnprocessableEntity, "Validation failed", detail, new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Validation(string path, string message) =>
        Validation(message, [new FieldError(path, message)]);

    public static ProblemHttpResult BadRequest(string detail) => Create(StatusCodes.Status400BadRequest, "Bad request", detail);

    /// <summary>400 for a body that is JSON but holds a string no program can read (a lone surrogate escape).</summary>
    public static ProblemHttpResult InvalidUnicode(string path) =>
        Create(StatusCodes.Status400BadRequest, "Bad request", JsonText.InvalidUnicodeMessage,
            new Dictionary<string, object?> { ["errors"] = new[] { new FieldError(path, JsonText.InvalidUnicodeMessage) } });

    /// <summary>400 for an object that names one field twice: readers disagree on which value counts, so none is chosen.</summary>
    public static ProblemHttpResult DuplicateName(string path) =>
        Create(StatusCodes.Status400BadRequest, "Bad request", JsonText.DuplicateNameMessage,
            new Dictionary<string, object?> { ["errors"] = new[] { new FieldError(path, JsonText.DuplicateNameMessage) } });

    public static ProblemHttpResult NotFound(string what) => Create(StatusCodes.Status404NotFound, "Not found", $"No {what} with that id.");

    public static ProblemHttpResult Unauthorized(string detail) => Create(StatusCodes.Status401Unauthorized, "Unauthorized", detail);

    public static ProblemHttpResult Forbidden(string detail) => Create(StatusCodes.Status403Forbidden, "Forbidden", detail);

    public static ProblemHttpResult Conflict(string detail, IDictionary<string, object?>? extensions = null) =>
        Create(StatusCodes.Status409Conflict, "Conflict", detail, extensions);

    public static ProblemHttpResult Unavailable(string detail) => Create(StatusCodes.Status503ServiceUnavailable, "Service unavailable", detail);
}
