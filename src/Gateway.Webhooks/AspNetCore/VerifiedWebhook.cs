namespace Gateway.Webhooks.AspNetCore;

/// <summary>A delivery that verified, as the filter leaves it in <c>HttpContext.Features</c>.</summary>
/// <param name="Id">The <c>webhook-id</c>: the same on every retry of a message, so the key to deduplicate by.</param>
/// <param name="Timestamp">When this attempt was signed.</param>
/// <param name="Body">The raw body the signature covers.</param>
public sealed record VerifiedWebhook(string Id, DateTimeOffset Timestamp, ReadOnlyMemory<byte> Body);
