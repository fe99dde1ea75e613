namespace Gateway.Delivery.Dispatch;

/// <summary>The connect-time SSRF check refused every address of the host.</summary>
public sealed class SsrfBlockedException(string message) : IOException(message);
