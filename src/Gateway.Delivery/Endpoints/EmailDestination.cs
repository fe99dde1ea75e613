namespace Gateway.Delivery.Endpoints;

/// <summary>
/// The e-mail an endpoint of kind <see cref="DestinationKind.Email"/> sends per event. Each address is a literal address
/// or a JSON pointer (starting with <c>/</c>) into the event; subject, text and html are Liquid templates over the event.
/// With neither text nor html, the ready-made order-status templates are used.
/// </summary>
public sealed record EmailDestination
{
    public required string From { get; init; }

    public required IReadOnlyList<string> To { get; init; }

    public IReadOnlyList<string>? Cc { get; init; }

    public IReadOnlyList<string>? Bcc { get; init; }

    public required string Subject { get; init; }

    public string? Text { get; init; }

    public string? Html { get; init; }
}
