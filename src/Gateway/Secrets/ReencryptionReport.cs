namespace Gateway.Secrets;

/// <summary>What a pass over every endpoint's secrets did.</summary>
/// <param name="KeyId">The key everything readable is now encrypted with.</param>
/// <param name="Reencrypted">Endpoints rewritten: plain text from before encryption, or values of a previous key.</param>
/// <param name="Unreadable">Endpoints whose secrets no configured key opens; <paramref name="Problem"/> says why.</param>
public sealed record ReencryptionReport(string KeyId, int Endpoints, int Reencrypted, int Unreadable, string? Problem);
