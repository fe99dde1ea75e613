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
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void IsForbidden_PublicAddressesAreAllowed(string address) => Assert.False(NetworkRules.IsForbidden(IPAddress.Parse(address)));

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
