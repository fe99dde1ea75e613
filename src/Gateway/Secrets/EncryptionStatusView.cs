namespace Gateway.Secrets;

/// <summary>The operator key of endpoint secrets as this process sees it.</summary>
/// <param name="KeyId">The key new secrets are encrypted with; absent when there is none.</param>
/// <param name="KeyIds">Every key id this process can open, in ordinal order.</param>
/// <param name="Problem">Why secrets cannot be encrypted or opened, when they cannot.</param>
public sealed record EncryptionStatusView(string? KeyId, IReadOnlyList<string> KeyIds, string? Problem);
