namespace Gateway.Webhooks.Verification;

/// <summary>Why a delivery did not verify.</summary>
public enum WebhookFailure
{
    /// <summary>It verified.</summary>
    None = 0,

    /// <summary><c>webhook-id</c>, <c>webhook-timestamp</c> or <c>webhook-signature</c> is missing or empty.</summary>
    MissingHeader,

    /// <summary><c>webhook-timestamp</c> is not a number of Unix seconds.</summary>
    BadTimestamp,

    /// <summary>The timestamp is further from now than the tolerance, in either direction (a replay, or a skewed clock).</summary>
    TimestampOutOfTolerance,

    /// <summary>No signature in <c>webhook-signature</c> matches any key: a wrong secret, or a changed id, timestamp or body.</summary>
    NoMatchingSignature,
}
