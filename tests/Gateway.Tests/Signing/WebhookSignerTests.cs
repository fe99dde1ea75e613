using System.Text;
using Gateway.Delivery.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Signing;

public sealed class WebhookSignerTests
{
    // The Standard Webhooks specification's published vector, tested by the reference libraries.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string MessageId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Payload = "{\"test\": 2432232314}";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void Sign_PublishedTestVector_Matches()
    {
        var signature = WebhookSigner.Sign(WebhookSecret.Decode(Secret), MessageId, Timestamp, Encoding.UTF8.GetBytes(Payload));
        Assert.Equal(Expected, signature);
    }

    [Fact]
    public void SignatureHeader_DuringRotation_CarriesBothSignaturesSpaceSeparated()
    {
        var other = WebhookSecret.Generate();
        var header = WebhookSigner.SignatureHeader([WebhookSecret.Decode(other), WebhookSecret.Decode(Secret)], MessageId, Timestamp, Encoding.UTF8.GetBytes(Payload));
        var parts = header.Split(' ');
        Assert.Equal(2, parts.Length);
        Assert.Equal(Expected, parts[1]);
        var receiver = new Gateway.Webhooks.Verification.WebhookVerifier(other, new() { TimeProvider = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Timestamp)) });
        Assert.True(receiver.Verify(MessageId, Timestamp.ToString(), header, Payload).IsValid);
    }

    [Theory]
    [InlineData("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", null)]
    [InlineData("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "secret must start with 'whsec_'.")]
    [InlineData("whsec_not base64!", "secret must be 'whsec_' followed by base64.")]
    [InlineData("whsec_c2hvcnQ=", "secret must hold 24 to 64 bytes.")]
    public void Validate_Secrets(string secret, string? error) => Assert.Equal(error, WebhookSecret.Validate(secret));

    [Fact]
    public void Generate_IsWhsecWith32RandomBytes()
    {
        var a = WebhookSecret.Generate();
        Assert.Null(WebhookSecret.Validate(a));
        Assert.Equal(32, WebhookSecret.Decode(a).Length);
        Assert.NotEqual(a, WebhookSecret.Generate());
    }
}
