namespace Gateway.Delivery.Queue;

/// <summary>A leased message whose queue record could not be read; it is moved aside instead of blocking its endpoint.</summary>
public sealed record MalformedMessage(string MessageId, string Record, long LeaseToken, string Error);
