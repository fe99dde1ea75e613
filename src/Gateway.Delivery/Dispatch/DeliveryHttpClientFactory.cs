using System.Net;
using System.Net.Sockets;
using Gateway.Delivery.Security;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Gateway.Delivery.Dispatch;

/// <summary>
/// Builds the delivery <see cref="HttpMessageInvoker"/> on YARP's <see cref="ForwarderHttpClientFactory"/>: its tuned
/// <see cref="SocketsHttpHandler"/> follows no redirects, keeps no cookies, does not decompress and ignores any
/// ambient proxy. On top of it: the connect timeout, pooled-connection lifetimes, the operator's egress proxy
/// (<c>Delivery:EgressProxy</c>), and the SSRF check on the address actually connected to (DNS rebinding).
/// </summary>
public sealed class DeliveryHttpClientFactory(IOptions<DeliveryOptions> options, IOptionsMonitor<SecurityOptions> security)
    : ForwarderHttpClientFactory
{
    /// <summary>The invoker every delivery of this process goes through.</summary>
    public HttpMessageInvoker Create()
    {
        var delivery = options.Value;
        var config = new HttpClientConfig
        {
            MaxConnectionsPerServer = delivery.MaxConnectionsPerServer,
            WebProxy = delivery.EgressProxy is { } proxy ? new WebProxyConfig { Address = proxy, BypassOnLocal = false } : null,
        };
        return CreateClient(new ForwarderHttpClientContext { NewConfig = config, OldConfig = HttpClientConfig.Empty });
    }

    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        var delivery = options.Value;
        handler.ConnectTimeout = delivery.ConnectTimeout;
        handler.PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90);
        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5); // pick up DNS changes

        // A subscriber is a third party: it gets no trace context of ours.
        handler.ActivityHeadersPropagator = null;

        // With an egress proxy every connection goes to the proxy, which is the operator's and may well sit on a
        // private network: the proxy filters the destinations then, and the registration check still applies.
        if (delivery.EgressProxy is null)
        {
            handler.ConnectCallback = ConnectCheckedAsync;
        }
    }

    private async ValueTask<Stream> ConnectCheckedAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken).ConfigureAwait(false);
        var allowed = NetworkRules.Reachable(addresses, security.CurrentValue.AllowPrivateNetworks);
        if (allowed.Length == 0)
        {
            throw new SsrfBlockedException($"{context.DnsEndPoint.Host} resolves only to forbidden addresses.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
