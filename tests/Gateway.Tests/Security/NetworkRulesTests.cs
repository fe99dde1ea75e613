using System.Net;
using Gateway.Delivery.Security;
using Gateway.Security;
using Microsoft.Extensions.Options;

namespace Gateway.Tests.Security;

public sealed class NetworkRulesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.10.0.1")]
    [InlineData("10.1.2.3")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("0.0.0.0")]
    [InlineData("255.255.255.255")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd00:ec2::254")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.0.0.1")]
    public void IsForbidden_PrivateAndSpecialRanges(string address) => Assert.True(NetworkRules.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::127.0.0.1")]
    [InlineData("::10.0.0.1")]
    [InlineData("::169.254.169.254")]
    public void IsForbidden_IPv4Compatible_IsJudgedByItsIPv4(string address) => AssertForbidden(address);

    [Theory]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:100.64.0.1")]
    public void IsForbidden_IPv4Mapped_IsJudgedByItsIPv4(string address) => AssertForbidden(address);

    [Theory]
    [InlineData("2002:7f00:1::")]           // 127.0.0.1
    [InlineData("2002:a9fe:a9fe::")]        // 169.254.169.254
    [InlineData("2002:c0a8:101:1::1")]      // 192.168.1.1
    public void IsForbidden_6to4_IsJudgedByItsIPv4(string address) => AssertForbidden(address);

    [Theory]
    [InlineData("64:ff9b::7f00:1")]         // 127.0.0.1
    [InlineData("64:ff9b::a9fe:a9fe")]      // 169.254.169.254
    [InlineData("64:ff9b::10.0.0.1")]
    public void IsForbidden_Nat64WellKnownPrefix_IsJudgedByItsIPv4(string address) => AssertForbidden(address);

    [Theory]
    [InlineData("64:ff9b:1::a9fe:a9fe")]    // 169.254.169.254
    [InlineData("64:ff9b:1::7f00:1")]       // 127.0.0.1
    [InlineData("64:ff9b:1::808:808")]      // 8.8.8.8, but the local-use prefix is itself not globally reachable
    public void IsForbidden_Nat64LocalUsePrefix_IsForbidden(string address) => AssertForbidden(address);

    [Theory]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe")] // client 127.0.0.1, stored inverted
    [InlineData("2001:0:4136:e378:8000:63bf:5601:5601")] // client 169.254.169.254
    [InlineData("2001:0:4136:e378:8000:63bf:f5ff:fffe")] // client 10.0.0.1
    public void IsForbidden_Teredo_IsJudgedByItsClientIPv4(string address) => AssertForbidden(address);

    [Theory]
    [InlineData("fec0::1")]                 // site-local
    [InlineData("feff::1")]                 // site-local, top of the /10
    [InlineData("100::1")]                  // discard-only
    [InlineData("2001:db8::1")]             // documentation
    [InlineData("3fff::1")]                 // documentation
    [InlineData("2001:2::1")]               // benchmarking
    [InlineData("2001:10::1")]              // IETF protocol assignments
    [InlineData("5f00::1")]                 // SRv6
    [InlineData("::ffff:0:7f00:1")]         // IPv4-translated, outside global unicast
    [InlineData("4000::1")]                 // reserved
    [InlineData("192.0.2.1")]               // documentation
    [InlineData("198.51.100.7")]            // documentation
    [InlineData("203.0.113.9")]             // documentation
    [InlineData("198.19.255.255")]          // benchmarking
    [InlineData("192.88.99.1")]             // 6to4 relay anycast
    [InlineData("192.0.0.170")]             // NAT64 discovery
    public void IsForbidden_OtherSpecialPurposeRanges(string address) => AssertForbidden(address);

    [Theory]
    [InlineData("::8.8.8.8")]
    [InlineData("2002:808:808::1")]
    [InlineData("64:ff9b::808:808")]
    [InlineData("2001:0:4136:e378:8000:63bf:f7f7:f7f7")] // Teredo, client 8.8.8.8
    [InlineData("2a00:1450:4001:82b::200e")]
    public void IsForbidden_PublicIPv4InsideIPv6_IsAllowed(string address) => Assert.False(NetworkRules.IsForbidden(IPAddress.Parse(address)));

    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1")]
    [InlineData("::127.0.0.1", "127.0.0.1")]
    [InlineData("2002:a9fe:a9fe::", "169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.169.254")]
    [InlineData("64:ff9b:1::a9fe:a9fe", "169.254.169.254")]
    [InlineData("2001:0:4136:e378:8000:63bf:80ff:fffe", "127.0.0.1")]
    public void EmbeddedIPv4_ExtractsTheCarriedAddress(string address, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), NetworkRules.EmbeddedIPv4(IPAddress.Parse(address)));

    [Fact]
    public void Reachable_ConnectTimeChoice_DropsEveryHiddenForm()
    {
        IPAddress[] resolved = [.. new[] { "::127.0.0.1", "2002:7f00:1::", "64:ff9b:1::a9fe:a9fe", "fec0::1", "2001:0:4136:e378:8000:63bf:80ff:fffe", "93.184.216.34" }.Select(IPAddress.Parse)];

        Assert.Equal([IPAddress.Parse("93.184.216.34")], NetworkRules.Reachable(resolved, allowPrivateNetworks: false));
        Assert.Equal(resolved, NetworkRules.Reachable(resolved, allowPrivateNetworks: true));
    }

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsForbidden_PublicAddressesAreAllowed(string address) => Assert.False(NetworkRules.IsForbidden(IPAddress.Parse(address)));

    private static void AssertForbidden(string address) => Assert.True(NetworkRules.IsForbidden(IPAddress.Parse(address)), address);

    [Theory]
    [InlineData("https://127.0.0.1/hook", "loopback")]
    [InlineData("https://169.254.169.254/latest/meta-data", "metadata")]
    [InlineData("https://localhost:8443/hook", "loopback")]
    [InlineData("https://[::1]/hook", "loopback")]
    [InlineData("http://93.184.216.34/hook", "https")]
    [InlineData("ftp://example.com/hook", "http or https")]
    [InlineData("/relative", "http")]
    [InlineData("not a url", "absolute")]
    [InlineData("https://user:pass@93.184.216.34/hook", "credentials")]
    public async Task Validate_RefusesBadUrls(string url, string because)
    {
        var validator = new UrlValidator(new StaticMonitor(new SecurityOptions()));
        var error = await validator.ValidateAsync(url, CancellationToken.None);
        Assert.NotNull(error);
        Assert.Contains(because, error);
    }

    [Fact]
    public async Task Validate_AllowPrivateNetworks_AcceptsLoopback()
    {
        var validator = new UrlValidator(new StaticMonitor(new SecurityOptions { AllowPrivateNetworks = true, AllowHttp = true }));
        Assert.Null(await validator.ValidateAsync("http://127.0.0.1:8080/hook", CancellationToken.None));
    }

    [Fact]
    public async Task Validate_PublicHttpsLiteral_IsAccepted()
    {
        var validator = new UrlValidator(new StaticMonitor(new SecurityOptions()));
        Assert.Null(await validator.ValidateAsync("https://93.184.216.34/hook", CancellationToken.None));
    }

    private sealed class StaticMonitor(SecurityOptions value) : IOptionsMonitor<SecurityOptions>
    {
        public SecurityOptions CurrentValue => value;

        public SecurityOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<SecurityOptions, string?> listener) => null;
    }
}
