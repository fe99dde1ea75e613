using System.Text;
using Gateway.Webhooks.Verification;
using Microsoft.Extensions.Time.Testing;

namespace Gateway.Tests.Webhooks.Verification;

public sealed class WebhookVerifierTests
{
    // The Standard Webhooks specification's published vector, tested by every reference library.
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string Timestamp = "1614265330";
    private const string Payload = "{\"test\": 2432232314}";
    private const string Signature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static readonly FakeTimeProvider AtVector = new(DateTimeOffset.FromUnixTimeSeconds(1614265330));

    private static WebhookVerifier Verifier(string secret = Secret, TimeSpan? tolerance = null, TimeProvider? time = null) =>
        new(secret, new WebhookVerifierOptions { TimeProvider = time ?? AtVector, Tolerance = tolerance ?? TimeSpan.FromMinutes(5) });

    [Fact]
    public void Verify_PublishedVector_IsValidWithItsIdAndTimestamp()
    {
        var result = Verifier().Verify(Id, Timestamp, Signature, Payload);

        Assert.True(result.IsValid, result.Failure.ToString());
        Assert.Equal(WebhookFailure.None, result.Failure);
        Assert.Equal(Id, result.MessageId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1614265330), result.Timestamp);
    }

    [Fact]
    public void Sign_PublishedVector_GivesPublishedSignature() =>
        Assert.Equal(Signature, WebhookSigner.Sign(Secret, Id, DateTimeOffset.FromUnixTimeSeconds(1614265330), Encoding.UTF8.GetBytes(Payload)));

    [Fact]
    public void Verify_BareBase64Secret_IsAcceptedAsTheReferenceLibrariesDo() =>
        Assert.True(Verifier(Secret["whsec_".Length..]).Verify(Id, Timestamp, Signature, Payload).IsValid);

    [Theory]
    [InlineData("msg_other", Timestamp, Payload)]
    [InlineData(Id, "1614265331", Payload)]
    [InlineData(Id, Timestamp, "{\"test\": 2432232315}")]
    [InlineData(Id, Timestamp, "{\"test\":2432232314}")]
    public void Verify_IdTimestampOrBodyTampered_NoMatchingSignature(string id, string timestamp, string payload) =>
        Assert.Equal(WebhookFailure.NoMatchingSignature, Verifier().Verify(id, timestamp, Signature, payload).Failure);

    [Fact]
    public void Verify_OtherSecret_NoMatchingSignature() =>
        Assert.Equal(WebhookFailure.NoMatchingSignature, Verifier("whsec_" + Convert.ToBase64String(new byte[24])).Verify(Id, Timestamp, Signature, Payload).Failure);

    [Theory]
    [InlineData("v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= " + Signature)]
    [InlineData(Signature + " v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("v1a,c29tZXRoaW5nIGVsc2U= " + Signature)]
    [InlineData("  " + Signature + "  ")]
    public void Verify_SeveralSignaturesDuringRotation_ValidWhenAnyMatches(string header) =>
        Assert.True(Verifier().Verify(Id, Timestamp, header, Payload).IsValid);

    [Fact]
    public void Verify_ReceiverHoldingOldAndNewSecret_AcceptsEither()
    {
        var verifier = new WebhookVerifier(["whsec_" + Convert.ToBase64String(new byte[32]), Secret], new WebhookVerifierOptions { TimeProvider = AtVector });
        Assert.True(verifier.Verify(Id, Timestamp, Signature, Payload).IsValid);
    }

    [Theory]
    [InlineData("v1,")]
    [InlineData("v1,not base64!")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1O")]
    [InlineData("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=AAAA")]
    public void Verify_MalformedSignatures_NoMatchingSignature(string header) =>
        Assert.Equal(WebhookFailure.NoMatchingSignature, Verifier().Verify(Id, Timestamp, header, Payload).Failure);

    [Theory]
    [InlineData(null, Timestamp, Signature)]
    [InlineData("", Timestamp, Signature)]
    [InlineData(Id, null, Signature)]
    [InlineData(Id, Timestamp, null)]
    [InlineData(Id, Timestamp, " ")]
    public void Verify_MissingHeader_SaysSo(string? id, string? timestamp, string? signature) =>
        Assert.Equal(WebhookFailure.MissingHeader, Verifier().Verify(id, timestamp, signature, Payload).Failure);

    [Theory]
    [InlineData("soon")]
    [InlineData("-1614265330")]
    [InlineData("1614265330.5")]
    [InlineData(" 1614265330")]
    [InlineData("99999999999999999999")]
    public void Verify_TimestampNotUnixSeconds_BadTimestamp(string timestamp) =>
        Assert.Equal(WebhookFailure.BadTimestamp, Verifier().Verify(Id, timestamp, Signature, Payload).Failure);

    [Theory]
    [InlineData(0, WebhookFailure.None)]
    [InlineData(300, WebhookFailure.None)]
    [InlineData(-300, WebhookFailure.None)]
    [InlineData(301, WebhookFailure.TimestampOutOfTolerance)]
    [InlineData(-301, WebhookFailure.TimestampOutOfTolerance)]
    public void Verify_ClockMovedAwayFromTimestamp_FiveMinutesEitherWayByDefault(int secondsLater, WebhookFailure expected)
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1614265330 + secondsLater));
        Assert.Equal(expected, Verifier(time: time).Verify(Id, Timestamp, Signature, Payload).Failure);
    }

    [Fact]
    public void Verify_ToleranceConfigured_IsHonoured()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1614265330 + 30));
        Assert.Equal(WebhookFailure.TimestampOutOfTolerance, Verifier(tolerance: TimeSpan.FromSeconds(10), time: time).Verify(Id, Timestamp, Signature, Payload).Failure);
        Assert.True(Verifier(tolerance: TimeSpan.FromSeconds(30), time: time).Verify(Id, Timestamp, Signature, Payload).IsValid);
    }

    [Fact]
    public void Verify_StaleTimestampWithGoodSignature_RejectedBeforeTheSignature()
    {
        // A captured delivery replayed an hour later: its signature is fine, its age is not.
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1614265330).AddHours(1));
        var result = Verifier(time: time).Verify(Id, Timestamp, Signature, Payload);
        Assert.Equal(WebhookFailure.TimestampOutOfTolerance, result.Failure);
        Assert.Equal(Id, result.MessageId);
    }

    [Theory]
    [InlineData("whsec_not base64!")]
    [InlineData("whsec_")]
    [InlineData("")]
    public void New_BadSecret_Throws(string secret) => Assert.ThrowsAny<ArgumentException>(() => new WebhookVerifier(secret));

    [Fact]
    public void V1aPublicKey_VerifiesItsEd25519Signature_AndNotATamperedBody()
    {
        // Signed here with libsodium directly (NSec), not with the gateway's signer.
        using var key = NSec.Cryptography.Key.Create(NSec.Cryptography.SignatureAlgorithm.Ed25519);
        var publicKey = "whpk_" + Convert.ToBase64String(key.PublicKey.Export(NSec.Cryptography.KeyBlobFormat.RawPublicKey));
        var signature = "v1a," + Convert.ToBase64String(NSec.Cryptography.SignatureAlgorithm.Ed25519.Sign(key, System.Text.Encoding.UTF8.GetBytes($"{Id}.{Timestamp}.{Payload}")));
        var verifier = new WebhookVerifier(publicKey, new WebhookVerifierOptions { TimeProvider = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(long.Parse(Timestamp, System.Globalization.CultureInfo.InvariantCulture))) });

        Assert.True(verifier.Verify(Id, Timestamp, "v1,bm90IGl0 " + signature, Payload).IsValid);
        Assert.Equal(WebhookFailure.NoMatchingSignature, verifier.Verify(Id, Timestamp, signature, Payload + " ").Failure);
        Assert.Throws<ArgumentException>(() => new WebhookVerifier("whpk_c2hvcnQ="));
    }

    [Fact]
    public void Verify_KeyOfAnotherVersion_IsTheExtensionPointForV1a()
    {
        var fake = new VersionedKey("v1a", "c2lnbmVk");
        var verifier = new WebhookVerifier([fake], new WebhookVerifierOptions { TimeProvider = AtVector });

        Assert.True(verifier.Verify(Id, Timestamp, "v1,AAAA v1a,c2lnbmVk", Payload).IsValid);
        Assert.Equal(WebhookFailure.NoMatchingSignature, verifier.Verify(Id, Timestamp, Signature, Payload).Failure);
        Assert.Equal($"{Id}.{Timestamp}.{Payload}", fake.LastContent);
    }

    /// <summary>A key of another version that accepts one fixed signature and records what it was asked to check.</summary>
    private sealed class VersionedKey(string version, string accepted) : IWebhookSignatureKey
    {
        public string? LastContent { get; private set; }

        public string Version => version;

        public bool Matches(ReadOnlySpan<byte> signedContent, ReadOnlySpan<char> signature)
        {
            LastContent = Encoding.UTF8.GetString(signedContent);
            return signature.SequenceEqual(accepted);
        }
    }
}
