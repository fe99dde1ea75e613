namespace Gateway.Delivery.Dispatch.Email;

/// <summary>This event cannot make the endpoint's message (an address pointer that names nothing, a template that fails).</summary>
public sealed class UnsendableException(string message) : Exception(message);
