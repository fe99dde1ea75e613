using System.Runtime.CompilerServices;
using System.Text.Json;
using Fluid;
using Gateway.Delivery.Endpoints;
using MimeKit;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>
/// Builds the e-mail of one event for one endpoint: addresses resolved from the event, subject and bodies rendered in
/// the <see cref="LiquidSandbox"/>. Bcc recipients are returned beside the message, never written into its headers.
/// </summary>
public sealed class EmailComposer(LiquidSandbox sandbox)
{
    private readonly ConditionalWeakTable<EmailDestination, Templates> _parsed = [];

    /// <summary>The message and its envelope recipients (to, cc and bcc).</summary>
    /// <exception cref="UnsendableException">This event cannot make this message.</exception>
    public async Task<(MimeMessage Message, IReadOnlyList<MailboxAddress> Recipients)> ComposeAsync(
        EmailDestination email, string messageId, string eventType, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var document = Parse(body);
        var rendered = await RenderAsync(email, document.RootElement, cancellationToken).ConfigureAwait(false);
        var builder = new BodyBuilder { TextBody = rendered.Text, HtmlBody = rendered.Html };
        var message = new MimeMessage { Subject = rendered.Subject, Body = builder.ToMessageBody() };
        message.From.Add(rendered.From);
        message.To.AddRange(rendered.To);
        message.Cc.AddRange(rendered.Cc);
        // The same Message-Id on every retry of this message, so a mailbox that got it twice can tell.
        message.MessageId = $"{messageId}@{Domain(rendered.From)}";
        message.Headers.Add("X-Webhook-Id", messageId);
        message.Headers.Add("X-Webhook-Event-Type", OneLine(eventType));
        return (message, [.. rendered.To, .. rendered.Cc, .. rendered.Bcc]);
    }

    /// <summary>
    /// Resolves the addresses and renders the templates of <paramref name="email"/> over the event <paramref name="root"/>,
    /// in the same sandbox and bounds as a send: what is sent, and what a preview shows.
    /// </summary>
    /// <exception cref="UnsendableException">This event cannot make this message; <see cref="UnsendableException.Field"/> says which setting.</exception>
    public async Task<EmailRendering> RenderAsync(EmailDestination email, JsonElement root, CancellationToken cancellationToken)
    {
        var from = Resolve([email.From], root, "from");
        if (from.Count != 1)
        {
            throw new UnsendableException("from must name exactly one address.", "from");
        }

        var to = Resolve(email.To, root, "to");
        var cc = Resolve(email.Cc, root, "cc");
        var bcc = Resolve(email.Bcc, root, "bcc");
        if (to.Count + cc.Count + bcc.Count is 0 or > EmailAddressRules.MaxRecipients)
        {
            throw new UnsendableException($"a message has 1 to {EmailAddressRules.MaxRecipients} recipients; this event gives {to.Count + cc.Count + bcc.Count}.", "to");
        }

        var templates = _parsed.GetValue(email, Templates.Parse);
        var subject = await Render(templates.Subject, root, html: false, "subject", cancellationToken).ConfigureAwait(false);
        var status = root.TryGetProperty("order", out var order) && order.ValueKind == JsonValueKind.Object
            && order.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        var (text, html) = templates.Bodies(status);
        return new EmailRendering(from[0], to, cc, bcc, OneLine(subject),
            text is null ? null : await Render(text, root, html: false, "text", cancellationToken).ConfigureAwait(false),
            html is null ? null : await Render(html, root, html: true, "html", cancellationToken).ConfigureAwait(false));
    }

    private async Task<string> Render(IFluidTemplate template, JsonElement root, bool html, string field, CancellationToken cancellationToken)
    {
        try
        {
            return await sandbox.RenderAsync(template, root, html, cancellationToken).ConfigureAwait(false);
        }
        catch (UnsendableException ex) when (ex.Field is null)
        {
            throw new UnsendableException($"{field}: {ex.Message}", field);
        }
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new UnsendableException($"the event is not JSON: {ex.Message}");
        }
    }

    private static List<MailboxAddress> Resolve(IReadOnlyList<string>? entries, JsonElement root, string field)
    {
        var into = new List<MailboxAddress>();
        return EmailAddressRules.TryResolve(entries, root, into, out var why) ? into : throw new UnsendableException($"{field}: {why}", field);
    }

    // An event is tenant data: a line break in a rendered subject must not become a header of its own.
    private static string OneLine(string value) => string.Join(' ', value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();

    private static string Domain(MailboxAddress address) => address.Domain is { Length: > 0 } domain ? domain : "webhook-gateway.local";

    /// <summary>An endpoint's templates, parsed once per stored version of its settings.</summary>
    private sealed class Templates
    {
        public required IFluidTemplate Subject { get; init; }

        public IFluidTemplate? Text { get; init; }

        public IFluidTemplate? Html { get; init; }

        public static Templates Parse(EmailDestination email) => new()
        {
            Subject = Required(email.Subject, "subject"),
            Text = email.Text is null ? null : Required(email.Text, "text"),
            Html = email.Html is null ? null : Required(email.Html, "html"),
        };

        /// <summary>The endpoint's own bodies, or with neither the ready-made ones for the order's status.</summary>
        public (IFluidTemplate? Text, IFluidTemplate? Html) Bodies(string? status)
        {
            if (Text is not null || Html is not null)
            {
                return (Text, Html);
            }

            var (text, html) = OrderStatusTemplates.For(status);
            return (Required(text, "text"), Required(html, "html"));
        }

        private static IFluidTemplate Required(string source, string field) =>
            LiquidSandbox.TryParse(source, out var template, out var error) ? template! : throw new UnsendableException($"{field} is not a valid Liquid template: {error}", field);
    }
}
