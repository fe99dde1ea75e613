
namespace Gateway.Delivery.DeadLetters;

/// <summary>A page of dead letters, newest first; pass <see cref="NextCursor"/> back for the next page.</summary>
public sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Data, string? NextCursor);
