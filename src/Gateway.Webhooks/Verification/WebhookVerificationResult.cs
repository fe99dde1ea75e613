namespace Gateway.Webhooks.Verification;

/// <summary>The outcome of <see cref="WebhookVerifier.Verify(string?, string?, string?, ReadOnlySpan{byte})"/>.</summary>
/// <param name="Failure">Why it failed; <see cref="WebhookFailure.None"/> when it verified.</param>
/// <param name="MessageId">The <c>webhook-id</c>, the same on every retry of a message: the key to deduplicate by. Null when missing.</param>
/// <param name="Timestamp">The <c>webhook-timestamp</c> when it parsed.</param>
public sealed record WebhookVerificationResult(WebhookFailure Failure, string? MessageId, DateTimeOffset? Timestamp)
{
    /// <summary>True when a signature matched and the timestamp is within the tolerance.</summary>
    public bool IsValid => Failure == WebhookFailure.None;
}
