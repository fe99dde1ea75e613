namespace Gateway.Delivery.Dispatch.Email;

/// <summary>This event cannot make the endpoint's message (an address pointer that names nothing, a template that fails).</summary>
/// <param name="field">The e-mail setting at fault (<c>from</c>, <c>to</c>, <c>subject</c>, <c>text</c>…), or null when the event itself is.</param>
public sealed class UnsendableException(string message, string? field = null) : Exception(message)
{
    /// <summary>The e-mail setting at fault, so a preview can point at it (<c>/email/subject</c>); null: the event.</summary>
    public string? Field { get; } = field;
}
