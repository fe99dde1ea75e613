namespace Gateway.Delivery.Secrets;

/// <summary>A secret cannot be encrypted or decrypted: no usable key is configured, or a stored value names a key this process lacks.</summary>
public sealed class EncryptionUnavailableException(string message) : InvalidOperationException(message);
