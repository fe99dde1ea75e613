using Gateway.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gateway.Ingestion;

/// <summary>The answer to one ingested event: accepted (queued for every matching endpoint) or refused with a problem.</summary>
public sealed record IngestResult
{
    public int Status { get; init; }

    public string? EventId { get; init; }

    public string? EventType { get; init; }

    public IReadOnlyList<string>? Endpoints { get; init; }

    /// <summary>True when an earlier request with the same <c>Idempotency-Key</c> already accepted this event.</summary>
    public bool Replayed { get; init; }

    public string? Title { get; init; }

    public string? Detail { get; init; }

    public IReadOnlyList<FieldError>? Errors { get; init; }

    public bool IsAccepted => Status == StatusCodes.Status202Accepted;

    public static IngestResult Accepted(string eventId, string eventType, IReadOnlyList<string> endpoints, bool replayed = false) =>
        new() { Status = StatusCodes.Status202Accepted, EventId = eventId, EventType = eventType, Endpoints = endpoints, Replayed = replayed };

    public static IngestResult Refused(int status, string title, string detail, IReadOnlyList<FieldError>? errors = null) =>
        new() { Status = status, Title = title, Detail = detail, Errors = errors };

    public Results<Accepted<EventAccepted>, ProblemHttpResult> ToHttpResult() =>
        IsAccepted ? TypedResults.Accepted((string?)null, new EventAccepted(EventId!, EventType!, Endpoints!)) : ToProblem();

    /// <summary>The problem a refused event is answered with.</summary>
    public ProblemHttpResult ToProblem()
    {
        var extensions = Errors is null ? null : new Dictionary<string, object?> { ["errors"] = Errors };
        return Problem.Create(Status, Title!, Detail, extensions);
    }
}
