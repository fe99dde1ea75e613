using System.Diagnostics;
using System.Net.Sockets;
using Gateway.Delivery.Endpoints;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>
/// Sends an <see cref="DestinationKind.Email"/> endpoint's message through the operator's SMTP relay (MailKit). A 5yz
/// reply is permanent (dead-lettered with the reply), a 4yz reply or a connection failure is retried; the reply and the
/// Message-Id are logged and kept in the attempt log.
/// </summary>
public sealed partial class EmailSender(EmailComposer composer, IOptions<EmailOptions> options, IOptions<DeliveryOptions> delivery, ILogger<EmailSender> logger) : IDestinationSender
{
    public DestinationKind Kind => DestinationKind.Email;

    public async Task<AttemptResult> SendAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var settings = options.Value;
        if (message.Endpoint.Email is not { } email)
        {
            return Failed(AttemptOutcome.Unsendable, null, "the endpoint has no e-mail settings.", started);
        }

        if (string.IsNullOrWhiteSpace(settings.Smtp.Host))
        {
            // The operator's setting, not the tenant's message: wait for it rather than dead-letter.
            return Failed(AttemptOutcome.Network, null, "no SMTP relay is configured (Email:Smtp:Host).", started);
        }

        MimeKit.MimeMessage mail;
        IReadOnlyList<MimeKit.MailboxAddress> recipients;
        try
        {
            (mail, recipients) = await composer.ComposeAsync(email, message.MessageId, message.EventType, message.Body, cancellationToken).ConfigureAwait(false);
        }
        catch (UnsendableException ex)
        {
            LogUnsendable(logger, message.MessageId, message.Endpoint.Id, ex.Message);
            return Failed(AttemptOutcome.Unsendable, null, ex.Message, started);
        }

        // Connect and send within what the lease allows an HTTP attempt (Delivery:ConnectTimeout + RequestTimeout).
        var budget = delivery.Value.ConnectTimeout + delivery.Value.RequestTimeout;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(budget);
        using var client = new SmtpClient { Timeout = (int)Math.Min(int.MaxValue, budget.TotalMilliseconds) };
        try
        {
            await client.ConnectAsync(settings.Smtp.Host, settings.Smtp.Port, Socket(settings.Smtp.Security), timeout.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(settings.Smtp.UserName))
            {
                await client.AuthenticateAsync(settings.Smtp.UserName, settings.Smtp.Password ?? "", timeout.Token).ConfigureAwait(false);
            }

            var sender = (MimeKit.MailboxAddress)mail.From[0];
            var reply = await client.SendAsync(mail, sender, recipients, timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
            var response = $"250 {reply}; Message-Id <{mail.MessageId}>";
            LogSent(logger, message.MessageId, message.Endpoint.Id, mail.MessageId, recipients.Count, reply);
            return new AttemptResult(AttemptOutcome.Success, 250, Stopwatch.GetElapsedTime(started), null, Excerpt(response), null);
        }
        catch (SmtpCommandException ex)
        {
            var code = (int)ex.StatusCode;
            var permanent = code >= 500;
            var reply = $"{code} {ex.Message}";
            LogRefused(logger, message.MessageId, message.Endpoint.Id, mail.MessageId, reply, permanent);
            return new AttemptResult(permanent ? AttemptOutcome.Smtp5xx : AttemptOutcome.Smtp4xx, code, Stopwatch.GetElapsedTime(started),
                $"SMTP {reply}", Excerpt($"{reply}; Message-Id <{mail.MessageId}>"), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Failed(AttemptOutcome.Timeout, null, $"timed out after {budget.TotalSeconds:0.###} s", started);
        }
        catch (Exception ex) when (ex is SmtpProtocolException or ServiceNotConnectedException or SocketException or IOException or AuthenticationException or SslHandshakeException)
        {
            LogConnectionFailed(logger, message.MessageId, message.Endpoint.Id, ex.Message);
            return Failed(AttemptOutcome.Network, null, $"SMTP relay: {ex.Message}", started);
        }
    }

    private static SecureSocketOptions Socket(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };

    private static AttemptResult Failed(AttemptOutcome outcome, int? code, string error, long started) =>
        new(outcome, code, Stopwatch.GetElapsedTime(started), error, null, null);

    private static string Excerpt(string value) => value.Length <= WebhookSender.MaxResponseExcerpt ? value : value[..WebhookSender.MaxResponseExcerpt];

    [LoggerMessage(Level = LogLevel.Information, Message = "E-mail {MessageId} to endpoint {EndpointId} accepted by the relay for {Recipients} recipients: Message-Id <{MailMessageId}>, reply {Reply}")]
    private static partial void LogSent(ILogger logger, string messageId, string endpointId, string? mailMessageId, int recipients, string reply);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {MessageId} to endpoint {EndpointId} (Message-Id <{MailMessageId}>) refused by the relay: {Reply} (permanent: {Permanent})")]
    private static partial void LogRefused(ILogger logger, string messageId, string endpointId, string? mailMessageId, string reply, bool permanent);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {MessageId} to endpoint {EndpointId} not sent: the SMTP relay failed: {Error}")]
    private static partial void LogConnectionFailed(ILogger logger, string messageId, string endpointId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "E-mail {MessageId} to endpoint {EndpointId} cannot be built from its event: {Reason}")]
    private static partial void LogUnsendable(ILogger logger, string messageId, string endpointId, string reason);
}
