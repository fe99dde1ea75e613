using Gateway.Webhooks.Verification;

namespace Gateway.Tests.Infrastructure;

/// <summary>Checks a received delivery with the receiver library (<c>Gateway.Webhooks</c>), never with the gateway's own signer.</summary>
public static class SignedDelivery
{
    /// <summary>
    /// True when the request verifies as a receiver would have verified it when it arrived: signature and timestamp
    /// tolerance, against <paramref name="clock"/> when the gateway ran on a fake one.
    /// </summary>
    public static bool Verify(string secret, ReceivedRequest request, TimeProvider? clock = null)
    {
        var now = clock ?? new Microsoft.Extensions.Time.Testing.FakeTimeProvider(request.At);
        var result = new WebhookVerifier(secret, new WebhookVerifierOptions { TimeProvider = now }).Verify(request.Id, request.Timestamp, request.Signature, request.Body);
        return result.IsValid;
    }
}
