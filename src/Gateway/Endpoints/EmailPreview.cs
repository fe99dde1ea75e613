namespace Gateway.Endpoints;

/// <summary>The e-mail one event makes: the addresses resolved (Bcc only in the envelope when sent), the templates rendered.</summary>
/// <param name="EventType">The rendered event's type (null for a payload without subject and type).</param>
/// <param name="Text">The text body; null when the endpoint has only an HTML template.</param>
public sealed record EmailPreview(string? EventType, string From, IReadOnlyList<string> To, IReadOnlyList<string> Cc, IReadOnlyList<string> Bcc, string Subject, string? Text, string? Html);
