using Gateway.Delivery.Secrets;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Secrets;

public sealed class SecretProtectorTests
{
    private static readonly string s_key = Convert.ToBase64String(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());
    private static readonly string s_other = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Protect_RoundTrips_AndNamesItsKey_WithoutThePlainText()
    {
        var protector = Protector(s_key);

        var stored = protector.Protect("whsec_abc", "endpoint/ep_1/signing");

        Assert.StartsWith($"enc:1:{protector.CurrentKeyId}:", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("abc", stored, StringComparison.Ordinal);
        Assert.NotEqual(stored, protector.Protect("whsec_abc", "endpoint/ep_1/signing")); // a fresh nonce each time
        Assert.Equal("whsec_abc", protector.Unprotect(stored, "endpoint/ep_1/signing"));
    }

    [Fact]
    public void Unprotect_InAnotherContext_Fails()
    {
        var protector = Protector(s_key);
        var stored = protector.Protect("whsec_abc", "endpoint/ep_1/signing");

        Assert.False(protector.TryUnprotect(stored, "endpoint/ep_2/signing", out _, out var why));
        Assert.Contains("does not authenticate", why, StringComparison.Ordinal);
    }

    [Fact]
    public void Unprotect_ChangedCiphertext_Fails()
    {
        var protector = Protector(s_key);
        var stored = protector.Protect("whsec_abc", "c");
        var bytes = Convert.FromBase64String(stored[(stored.LastIndexOf(':') + 1)..]);
        bytes[^1] ^= 1;

        Assert.False(protector.TryUnprotect(stored[..(stored.LastIndexOf(':') + 1)] + Convert.ToBase64String(bytes), "c", out _, out _));
    }

    [Fact]
    public void PlainText_ReadsAsItself_UntilReencrypted()
    {
        Assert.Equal("whsec_plain", Protector(s_key).Unprotect("whsec_plain", "c"));
        Assert.Equal("whsec_plain", Protector(null).Unprotect("whsec_plain", "c"));
    }

    [Fact]
    public void PreviousKey_StillOpens_ButIsNotCurrent()
    {
        var old = Protector(s_key).Protect("whsec_abc", "c");
        var rotated = Protector(s_other, s_key);

        Assert.Equal("whsec_abc", rotated.Unprotect(old, "c"));
        Assert.False(rotated.IsCurrent(old));
        Assert.True(rotated.IsCurrent(rotated.Protect("whsec_abc", "c")));
    }

    [Fact]
    public void UnknownKey_SaysWhichKeyIsMissing()
    {
        var stored = Protector(s_key).Protect("whsec_abc", "c");
        var other = Protector(s_other);

        Assert.False(other.TryUnprotect(stored, "c", out _, out var why));
        Assert.Contains(SecretProtector.KeyIdOf(stored)!, why, StringComparison.Ordinal);
        Assert.Contains("not configured", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "no encryption key is configured")]
    [InlineData("not base64!", "is not base64")]
    [InlineData("c2hvcnQ=", "holds 5 bytes, not 32")]
    public void BadConfiguration_IsAProblem_AndNothingCanBeStored(string? key, string problem)
    {
        var protector = Protector(key);

        Assert.Contains(problem, protector.Problem, StringComparison.Ordinal);
        Assert.Null(protector.CurrentKeyId);
        Assert.Throws<EncryptionUnavailableException>(() => protector.Protect("whsec_abc", "c"));
    }

    [Fact]
    public void KeyFile_IsRead()
    {
        var path = Path.GetTempFileName();
        File.WriteAllText(path, s_key + "\n");
        try
        {
            var protector = new SecretProtector(Options.Create(new EncryptionOptions { KeyFile = path }));
            Assert.Null(protector.Problem);
            Assert.Equal(Protector(s_key).CurrentKeyId, protector.CurrentKeyId);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static SecretProtector Protector(string? key, params string[] previous) =>
        new(Options.Create(new EncryptionOptions { Key = key, PreviousKeys = previous }));
}
