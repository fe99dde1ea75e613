using System.Text;
using Gateway.Delivery.Signing;

namespace Gateway.Tests.Signing;

/// <summary>v1a keys and signatures against the RFC 8032 test vectors (section 7.1), the reference the curve is defined by.</summary>
public sealed class Ed25519SigningTests
{
    [Theory]
    [InlineData("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b")]
    [InlineData("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")]
    [InlineData("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a")]
    public void Rfc8032Vectors_PublicKeyAndSignature(string secretHex, string publicHex, string messageHex, string signatureHex)
    {
        var secretKey = Ed25519Keys.SecretPrefix + Convert.ToBase64String(Convert.FromHexString(secretHex));

        Assert.Equal(Ed25519Keys.PublicPrefix + Convert.ToBase64String(Convert.FromHexString(publicHex)), Ed25519Keys.PublicKeyOf(secretKey));
        using var key = Ed25519Keys.Import(secretKey);
        Assert.Equal(signatureHex, Convert.ToHexStringLower(Ed25519Keys.Sign(key, Convert.FromHexString(messageHex))));
    }

    [Fact]
    public void V1aSignature_IsEd25519OverIdTimestampBody()
    {
        var secretKey = Ed25519Keys.SecretPrefix + Convert.ToBase64String(Convert.FromHexString("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"));
        using var key = Ed25519Keys.Import(secretKey);

        var header = SigningKey.FromSecret(secretKey).Sign("msg_1", 1_700_000_000, "{\"a\":1}"u8);

        Assert.StartsWith("v1a,", header, StringComparison.Ordinal);
        Assert.Equal(64, Convert.FromBase64String(header[4..]).Length);
        Assert.Equal(header[4..], Convert.ToBase64String(Ed25519Keys.Sign(key, Encoding.UTF8.GetBytes("msg_1.1700000000.{\"a\":1}"))));
    }

    [Fact]
    public void Generate_MakesDistinctKeys_WithTheirPublicKeys()
    {
        var a = Ed25519Keys.Generate();
        var b = Ed25519Keys.Generate();

        Assert.NotEqual(a, b);
        Assert.Equal(32, Convert.FromBase64String(a[Ed25519Keys.SecretPrefix.Length..]).Length);
        Assert.Equal(32, Convert.FromBase64String(Ed25519Keys.PublicKeyOf(a)[Ed25519Keys.PublicPrefix.Length..]).Length);
    }

    [Fact]
    public void Header_SignsWithEveryKey_OfEitherScheme()
    {
        var header = WebhookSigner.SignatureHeader([SigningKey.FromSecret(Ed25519Keys.Generate()), SigningKey.FromSecret(WebhookSecret.Generate())], "msg_1", 1, "{}"u8);

        Assert.Equal(["v1a", "v1"], header.Split(' ').Select(s => s[..s.IndexOf(',')]));
    }
}
