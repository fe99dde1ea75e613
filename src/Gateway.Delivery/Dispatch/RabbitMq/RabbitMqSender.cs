using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Gateway.Delivery.Endpoints;
using Gateway.Delivery.Signing;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Gateway.Delivery.Dispatch.RabbitMq;

/// <summary>
/// Publishes a <see cref="DestinationKind.RabbitMq"/> endpoint's message: the event's bytes, mandatory and persistent,
/// with the Standard Webhooks headers (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>) as AMQP
/// headers. Only a publisher confirm is success; a nack, a return (unroutable) or a closed channel is retried.
/// </summary>
public sealed partial class RabbitMqSender(BrokerChannels channels, IOptions<DeliveryOptions> options, TimeProvider time, ILogger<RabbitMqSender> logger) : IDestinationSender
{
    public DestinationKind Kind => DestinationKind.RabbitMq;

    public async Task<AttemptResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var endpoint = message.Endpoint;
        if (endpoint.RabbitMq is not { } rabbit || message.Secrets.BrokerUrl is not { } url)
        {
            return Failed(AttemptOutcome.Unsendable, "the endpoint has no broker settings.", started);
        }

        if (RoutingKey.Expand(rabbit.RoutingKey, message.EventType, message.Body.Span) is not { } routingKey)
        {
            return Failed(AttemptOutcome.Unsendable, $"the routing key of this event is longer than {RoutingKey.MaxBytes} bytes.", started);
        }

        var now = time.GetUtcNow();
        var timestamp = now.ToUnixTimeSeconds();
        SigningKey[] keys = message.Secrets.Previous is { } previous && endpoint.PreviousSecretExpiresAt > now ? [message.Secrets.Current, previous] : [message.Secrets.Current];
        var headers = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["webhook-id"] = message.MessageId,
            ["webhook-timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSigner.SignatureHeader(keys, message.MessageId, timestamp, message.Body.Span),
        };
        if (!string.IsNullOrEmpty(message.SkippedIds))
        {
            headers[WebhookSender.SkippedIdsHeader] = message.SkippedIds;
        }

        var properties = new BasicProperties
        {
            MessageId = message.MessageId,
            ContentType = "application/json",
            Type = message.EventType,
            DeliveryMode = DeliveryModes.Persistent,
            Timestamp = new AmqpTimestamp(timestamp),
            Headers = headers,
        };

        var delivery = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(delivery.ConnectTimeout + delivery.RequestTimeout);
        var lease = channels.For(endpoint.Id, url);
        await lease.Gate.WaitAsync(timeout.Token).ConfigureAwait(false);
        try
        {
            var channel = await channels.ChannelAsync(lease, delivery.ConnectTimeout, timeout.Token).ConfigureAwait(false);
            await channel.BasicPublishAsync(rabbit.Exchange, routingKey, mandatory: true, properties, message.Body, timeout.Token).ConfigureAwait(false);
            LogPublished(logger, message.MessageId, endpoint.Id, rabbit.Exchange, routingKey);
            return new AttemptResult(AttemptOutcome.Success, null, Stopwatch.GetElapsedTime(started), null, $"confirmed by the broker: exchange '{rabbit.Exchange}', routing key '{routingKey}'", null);
        }
        catch (PublishReturnException ex)
        {
            await lease.ResetAsync().ConfigureAwait(false);
            return Failed(AttemptOutcome.BrokerRejected, $"unroutable: the broker returned the message ({ex.ReplyCode} {ex.ReplyText}) from exchange '{rabbit.Exchange}' with routing key '{routingKey}'", started);
        }
        catch (PublishException)
        {
            await lease.ResetAsync().ConfigureAwait(false);
            return Failed(AttemptOutcome.BrokerRejected, "the broker nacked the message", started);
        }
        catch (SsrfBlockedException ex)
        {
            return Failed(AttemptOutcome.SsrfBlocked, ex.Message, started);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            await lease.ResetAsync().ConfigureAwait(false);
            return Failed(AttemptOutcome.Timeout, $"timed out after {(delivery.ConnectTimeout + delivery.RequestTimeout).TotalSeconds:0.###} s", started);
        }
        catch (Exception ex) when (ex is AlreadyClosedException or OperationInterruptedException)
        {
            await lease.ResetAsync().ConfigureAwait(false);
            var reason = ex is OperationInterruptedException { ShutdownReason: { } shutdown } ? $"{shutdown.ReplyCode} {shutdown.ReplyText}" : ex.Message;
            return Failed(AttemptOutcome.BrokerRejected, $"the channel closed: {reason}", started);
        }
        catch (Exception ex) when (ex is BrokerUnreachableException or RabbitMQClientException or SocketException or IOException)
        {
            await lease.ResetAsync().ConfigureAwait(false);
            LogUnreachable(logger, endpoint.Id, ex.GetType().Name);
            return Failed(AttemptOutcome.Network, $"broker unreachable: {(ex.InnerException ?? ex).Message}", started);
        }
        finally
        {
            lease.Gate.Release();
        }
    }

    private static AttemptResult Failed(AttemptOutcome outcome, string error, long started) =>
        new(outcome, null, Stopwatch.GetElapsedTime(started), error, null, null);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} to endpoint {EndpointId} confirmed by the broker (exchange {Exchange}, routing key {RoutingKey})")]
    private static partial void LogPublished(ILogger logger, string messageId, string endpointId, string exchange, string routingKey);

    // The exception's type only: a broker URL's message may quote the URL, credentials and all.
    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker of endpoint {EndpointId} is unreachable ({ExceptionType})")]
    private static partial void LogUnreachable(ILogger logger, string endpointId, string exceptionType);
}
