using Gateway.Problems;

namespace Gateway.Ingestion;

/// <summary>The answer to a batch: how many of its events were accepted and refused, and each one's result in order.</summary>
public sealed record BatchResult(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results);

/// <summary>One event of a batch: 202 with its id, or an error status with the problem's title, detail and errors.</summary>
/// <param name="Replayed">True when an earlier batch with the same Idempotency-Key had already accepted this event.</param>
public sealed record BatchItemResult(
    int Index, int Status, string? Id = null, string? EventType = null, IReadOnlyList<string>? Endpoints = null, bool? Replayed = null,
    string? Title = null, string? Detail = null, IReadOnlyList<FieldError>? Errors = null)
{
    public static BatchItemResult Of(int index, IngestResult result) => result.IsAccepted
        ? new(index, result.Status, result.EventId, result.EventType, result.Endpoints, Replayed: result.Replayed ? true : null)
        : new(index, result.Status, Title: result.Title, Detail: result.Detail, Errors: result.Errors);
}
