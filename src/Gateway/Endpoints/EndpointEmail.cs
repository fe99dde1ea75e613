using Gateway.Delivery.Endpoints;

namespace Gateway.Endpoints;

/// <summary>An e-mail endpoint's message. Each address is an address or a JSON pointer into the event (<c>/order/customer/email</c>);
/// subject, text and html are Liquid templates over the event (with neither text nor html, the ready-made order-status templates).</summary>
/// <param name="To">1 to 20 entries; cc and bcc up to 20 each, at most 50 recipients once resolved.</param>
public sealed record EndpointEmail(string From, IReadOnlyList<string> To, IReadOnlyList<string>? Cc, IReadOnlyList<string>? Bcc, string Subject, string? Text, string? Html)
{
    public static EndpointEmail Of(EmailDestination email) => new(email.From, email.To, email.Cc, email.Bcc, email.Subject, email.Text, email.Html);
}
