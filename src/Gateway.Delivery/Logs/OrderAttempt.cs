namespace Gateway.Delivery.Logs;

/// <summary>One attempt in an order's timeline, as the endpoint's attempt log holds it.</summary>
public sealed record OrderAttempt(int Attempt, DateTimeOffset At, string Outcome, int? StatusCode, double DurationMs, string? Error, string? Response);
