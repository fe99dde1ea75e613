namespace Gateway.Delivery.Secrets;

/// <summary>
/// The operator key that encrypts endpoint secrets at rest (section <c>Encryption</c>). It comes from configuration or a
/// file (a mounted secret), never from Redis: a Redis backup alone decrypts nothing.
/// </summary>
public sealed record EncryptionOptions
{
    public const string SectionName = "Encryption";

    /// <summary>The current key: base64 of 32 random bytes (AES-256). New values are encrypted with it.</summary>
    public string? Key { get; init; }

    /// <summary>A file holding <see cref="Key"/> (base64, surrounding whitespace ignored), e.g. a mounted Kubernetes secret.</summary>
    public string? KeyFile { get; init; }

    /// <summary>Keys rotated out that still decrypt what they encrypted until a re-encryption has run.</summary>
    public IReadOnlyList<string> PreviousKeys { get; init; } = [];

    /// <summary>
    /// Whether each process re-encrypts every endpoint's secrets under the current key when it starts (how plain-text
    /// secrets of an older build are encrypted in place). Off during a rolling upgrade while processes of a build
    /// without encryption still run; then <c>POST /admin/encryption/reencrypt</c> once they are gone.
    /// </summary>
    /// <value>true</value>
    public bool ReencryptOnStart { get; init; } = true;
}
