using System.Text;
using LoadDriver.Receiver;

namespace Gateway.Tests.LoadTests;

/// <summary>The load driver's own verifier against the Standard Webhooks published test vector.</summary>
public sealed class WebhookVerifierTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");

    [Fact]
    public void Sign_PublishedVector_GivesPublishedSignature() =>
        Assert.Equal(Signature, WebhookVerifier.Sign(WebhookVerifier.DecodeSecret(Secret), Id, Timestamp, Payload));

    [Fact]
    public void Verify_PublishedVector_Passes() =>
        Assert.True(WebhookVerifier.Verify(WebhookVerifier.DecodeSecret(Secret), Id, Timestamp, Payload, Signature));

    [Fact]
    public void Verify_SeveralSignaturesDuringRotation_PassesWhenAnyMatches() =>
        Assert.True(WebhookVerifier.Verify(WebhookVerifier.DecodeSecret(Secret), Id, Timestamp, Payload, $"v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1a,xyz {Signature}"));

    [Theory]
    [InlineData("msg_other", Timestamp, "{\"test\": 2432232314}")]
    [InlineData(Id, "1614265331", "{\"test\": 2432232314}")]
    [InlineData(Id, Timestamp, "{\"test\": 2432232315}")]
    public void Verify_AnyPartChanged_Fails(string id, string timestamp, string payload) =>
        Assert.False(WebhookVerifier.Verify(WebhookVerifier.DecodeSecret(Secret), id, timestamp, Encoding.UTF8.GetBytes(payload), Signature));

    [Theory]
    [InlineData("")]
    [InlineData("v1,")]
    [InlineData("v1,not base64!")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    public void Verify_MalformedHeader_Fails(string header) =>
        Assert.False(WebhookVerifier.Verify(WebhookVerifier.DecodeSecret(Secret), Id, Timestamp, Payload, header));

    [Fact]
    public void Verify_OtherSecret_Fails() =>
        Assert.False(WebhookVerifier.Verify(WebhookVerifier.DecodeSecret("whsec_" + Convert.ToBase64String(new byte[24])), Id, Timestamp, Payload, Signature));

    [Theory]
    [InlineData(0, true)]
    [InlineData(299, true)]
    [InlineData(-299, true)]
    [InlineData(301, false)]
    [InlineData(-301, false)]
    public void IsFresh_TimestampOffsetFromNow_WithinFiveMinutesOnly(int offsetSeconds, bool fresh)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1614265330);
        var timestamp = (1614265330 + offsetSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(fresh, WebhookVerifier.IsFresh(timestamp, now, TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void IsFresh_NotANumber_IsFalse() =>
        Assert.False(WebhookVerifier.IsFresh("soon", DateTimeOffset.UnixEpoch, TimeSpan.FromMinutes(5)));
}
