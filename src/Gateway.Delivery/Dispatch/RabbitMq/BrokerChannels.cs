using System.Collections.Concurrent;
using System.Net;
using Gateway.Delivery.Security;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;

namespace Gateway.Delivery.Dispatch.RabbitMq;

/// <summary>
/// One connection with one confirming channel per RabbitMQ endpoint, opened on first use and dropped after any failure
/// (the next attempt opens a new one: no automatic recovery that could publish behind the retry schedule's back). The
/// broker's host passes the SSRF rule on the address actually connected to, as HTTP deliveries do.
/// </summary>
public sealed class BrokerChannels(IOptionsMonitor<SecurityOptions> security) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lease> _leases = new(StringComparer.Ordinal);

    /// <summary>The endpoint's lease: hold its gate while publishing, so one channel carries one publish at a time.</summary>
    public Lease For(string endpointId, string url) =>
        _leases.AddOrUpdate(endpointId, _ => new Lease(url), (_, existing) => existing.Url == url ? existing : new Lease(url));

    /// <summary>The lease's channel, connecting first when it has none.</summary>
    /// <exception cref="SsrfBlockedException">The broker host resolves only to forbidden addresses.</exception>
    public async Task<IChannel> ChannelAsync(Lease lease, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        if (lease.Channel is { IsOpen: true } open)
        {
            return open;
        }

        await lease.ResetAsync().ConfigureAwait(false);
        var uri = new Uri(lease.Url);
        var addresses = IPAddress.TryParse(uri.IdnHost, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(uri.IdnHost, cancellationToken).ConfigureAwait(false);
        var allowed = NetworkRules.Reachable(addresses, security.CurrentValue.AllowPrivateNetworks);
        if (allowed.Length == 0)
        {
            throw new SsrfBlockedException($"{uri.Host} resolves only to forbidden addresses.");
        }

        var tls = uri.Scheme == "amqps";
        var factory = new ConnectionFactory
        {
            Uri = uri,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = connectTimeout,
            ClientProvidedName = "webhook-gateway",
        };
        var port = uri.IsDefaultPort || uri.Port < 0 ? (tls ? 5671 : 5672) : uri.Port;
        var endpoints = allowed.Select(a => new AmqpTcpEndpoint(a.ToString(), port, new SslOption(uri.IdnHost, enabled: tls)));
        lease.Connection = await factory.CreateConnectionAsync(endpoints, cancellationToken).ConfigureAwait(false);
        lease.Channel = await lease.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        return lease.Channel;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var lease in _leases.Values)
        {
            await lease.ResetAsync().ConfigureAwait(false);
        }
    }

    /// <summary>An endpoint's connection and channel, with the gate its publishes take turns at.</summary>
    public sealed class Lease(string url)
    {
        public string Url { get; } = url;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public IConnection? Connection { get; set; }

        public IChannel? Channel { get; set; }

        /// <summary>Closes and forgets the connection: the next publish connects anew.</summary>
        public async Task ResetAsync()
        {
            var channel = Channel;
            var connection = Connection;
            Channel = null;
            Connection = null;
            try
            {
                if (channel is not null)
                {
                    await channel.DisposeAsync().ConfigureAwait(false);
                }

                if (connection is not null)
                {
                    await connection.DisposeAsync().ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.RabbitMQClientException or IOException or ObjectDisposedException or OperationCanceledException)
            {
                // Already broken: that is why it is being reset.
            }
        }
    }
}
