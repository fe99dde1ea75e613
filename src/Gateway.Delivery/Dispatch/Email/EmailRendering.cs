using MimeKit;

namespace Gateway.Delivery.Dispatch.Email;

/// <summary>One event's e-mail as rendered for one endpoint: the addresses resolved, the templates rendered.</summary>
/// <param name="Text">The text body; null when the endpoint has only an HTML template.</param>
public sealed record EmailRendering(
    MailboxAddress From, IReadOnlyList<MailboxAddress> To, IReadOnlyList<MailboxAddress> Cc, IReadOnlyList<MailboxAddress> Bcc,
    string Subject, string? Text, string? Html);
