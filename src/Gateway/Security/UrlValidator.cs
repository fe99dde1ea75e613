using System.Net;
using Gateway.Delivery.Security;
using Microsoft.Extensions.Options;

namespace Gateway.Security;

/// <summary>Checks an endpoint URL at registration: absolute http(s), no credentials, and a host that resolves outside forbidden ranges.</summary>
public sealed class UrlValidator(IOptionsMonitor<SecurityOptions> options)
{
    /// <summary>Null when the URL is acceptable, else why not.</summary>
    public async Task<string?> ValidateAsync(string? url, CancellationToken cancellationToken)
    {
        var security = options.CurrentValue;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "url must be an absolute http(s) URL.";
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            return "url must use http or https.";
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !security.AllowHttp)
        {
            return "url must use https (plain http is turned off by Security:AllowHttp).";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "url must not carry credentials; use endpoint headers instead.";
        }

        if (url.Length > 2048)
        {
            return "url is longer than 2048 characters.";
        }

        return await CheckHostAsync(uri, "url", cancellationToken);
    }

    /// <summary>Null when a RabbitMQ broker URL is acceptable (amqp or amqps, a host outside forbidden ranges), else why not.</summary>
    public async Task<string?> ValidateBrokerAsync(string url, CancellationToken cancellationToken) =>
        Gateway.Delivery.Dispatch.RabbitMq.BrokerAddress.Validate(url, out var uri) is { } why ? why : await CheckHostAsync(uri!, "url", cancellationToken);

    /// <summary>The SSRF rule on a URL's host, as resolved now (connections check it again on the address they reach).</summary>
    private async Task<string?> CheckHostAsync(Uri uri, string field, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.AllowPrivateNetworks)
        {
            return null;
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(uri.IdnHost, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                addresses = await Dns.GetHostAddressesAsync(uri.IdnHost, timeout.Token);
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or OperationCanceledException)
            {
                return $"{field} host '{uri.Host}' does not resolve.";
            }
        }

        return addresses.Length == 0
            ? $"{field} host '{uri.Host}' does not resolve."
            : addresses.Any(NetworkRules.IsForbidden)
                ? $"{field} host '{uri.Host}' resolves to a loopback, private, link-local, metadata or other non-public address, which is not allowed."
                : null;
    }
}
