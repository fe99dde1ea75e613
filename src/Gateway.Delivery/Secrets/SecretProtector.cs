using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Gateway.Delivery.Secrets;

/// <summary>
/// Encrypts secrets at rest with AES-256-GCM (.NET's <see cref="AesGcm"/>, OS crypto): each value is stored as
/// <c>enc:1:&lt;key id&gt;:&lt;base64 of nonce | ciphertext | tag&gt;</c>, bound to its context (endpoint and field) as
/// associated data, so a value copied to another endpoint or field does not open. A value without the prefix is a
/// plain-text secret from before encryption and reads as itself until it is re-encrypted.
/// </summary>
public sealed class SecretProtector
{
    public const string Prefix = "enc:1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly EncryptionKey? _current;
    private readonly Dictionary<string, EncryptionKey> _keys = new(StringComparer.Ordinal);

    public SecretProtector(IOptions<EncryptionOptions> options)
    {
        var settings = options.Value;
        var problems = new List<string>();
        var current = settings.Key;
        if (string.IsNullOrWhiteSpace(current) && !string.IsNullOrWhiteSpace(settings.KeyFile))
        {
            current = File.Exists(settings.KeyFile) ? File.ReadAllText(settings.KeyFile) : null;
            if (current is null)
            {
                problems.Add($"Encryption:KeyFile '{settings.KeyFile}' does not exist");
            }
        }

        if (string.IsNullOrWhiteSpace(current))
        {
            if (problems.Count == 0)
            {
                problems.Add("no encryption key is configured (set Encryption:Key or Encryption:KeyFile)");
            }
        }
        else if (EncryptionKey.TryParse(current, out var why) is { } key)
        {
            _current = key;
            _keys[key.Id] = key;
        }
        else
        {
            problems.Add($"Encryption:Key {why}: it must be base64 of {EncryptionKey.Length} random bytes");
        }

        for (var i = 0; i < settings.PreviousKeys.Count; i++)
        {
            if (EncryptionKey.TryParse(settings.PreviousKeys[i], out var why) is { } previous)
            {
                _keys.TryAdd(previous.Id, previous);
            }
            else
            {
                problems.Add($"Encryption:PreviousKeys:{i} {why}");
            }
        }

        Problem = problems.Count == 0 ? null : string.Join("; ", problems);
    }

    /// <summary>Why the configured keys are unusable, or null when they are fine.</summary>
    public string? Problem { get; }

    /// <summary>The id of the key new values are encrypted with; null when there is none.</summary>
    public string? CurrentKeyId => _current?.Id;

    /// <summary>The ids of every key this process can decrypt with.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    public static bool IsProtected(string stored) => stored.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="stored"/> is already encrypted with the current key.</summary>
    public bool IsCurrent(string stored) => _current is not null && KeyIdOf(stored) == _current.Id;

    /// <summary>The key id a stored value names; null for plain text.</summary>
    public static string? KeyIdOf(string stored)
    {
        if (!IsProtected(stored))
        {
            return null;
        }

        var end = stored.IndexOf(':', Prefix.Length);
        return end > Prefix.Length ? stored[Prefix.Length..end] : null;
    }

    /// <summary>Encrypts <paramref name="plaintext"/> for <paramref name="context"/> with the current key.</summary>
    /// <exception cref="EncryptionUnavailableException">No usable key is configured.</exception>
    public string Protect(string plaintext, string context)
    {
        var key = _current ?? throw new EncryptionUnavailableException($"Secrets cannot be stored: {Problem}.");
        var data = Encoding.UTF8.GetBytes(plaintext);
        var sealedBytes = new byte[NonceSize + data.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key.Bytes, TagSize))
        {
            aes.Encrypt(nonce, data, sealedBytes.AsSpan(NonceSize, data.Length), sealedBytes.AsSpan(NonceSize + data.Length), Associated(context));
        }

        CryptographicOperations.ZeroMemory(data);
        return $"{Prefix}{key.Id}:{Convert.ToBase64String(sealedBytes)}";
    }

    /// <summary>
    /// Opens a stored value. Plain text (from before encryption) is returned as it is. False, with why, when the
    /// value names a key this process does not hold or does not authenticate (a wrong key, or a changed value).
    /// </summary>
    public bool TryUnprotect(string stored, string context, [NotNullWhen(true)] out string? plaintext, [NotNullWhen(false)] out string? failure)
    {
        plaintext = null;
        if (!IsProtected(stored))
        {
            plaintext = stored;
            failure = null;
            return true;
        }

        var keyId = KeyIdOf(stored);
        if (keyId is null || !_keys.TryGetValue(keyId, out var key))
        {
            failure = $"a secret is encrypted with key '{keyId}', which is not configured (Encryption:Key or Encryption:PreviousKeys)";
            return false;
        }

        var payload = stored.AsSpan(Prefix.Length + keyId.Length + 1);
        var bytes = new byte[payload.Length];
        if (!Convert.TryFromBase64Chars(payload, bytes, out var written) || written < NonceSize + TagSize)
        {
            failure = $"a secret encrypted with key '{keyId}' is malformed";
            return false;
        }

        var length = written - NonceSize - TagSize;
        var data = new byte[length];
        try
        {
            using var aes = new AesGcm(key.Bytes, TagSize);
            aes.Decrypt(bytes.AsSpan(0, NonceSize), bytes.AsSpan(NonceSize, length), bytes.AsSpan(NonceSize + length, TagSize), data, Associated(context));
        }
        catch (AuthenticationTagMismatchException)
        {
            failure = $"a secret encrypted with key '{keyId}' does not authenticate (a different key with the same id, or the value was changed)";
            return false;
        }

        plaintext = Encoding.UTF8.GetString(data);
        CryptographicOperations.ZeroMemory(data);
        failure = null;
        return true;
    }

    /// <summary>Opens a stored value or throws.</summary>
    /// <exception cref="EncryptionUnavailableException">It cannot be opened here.</exception>
    public string Unprotect(string stored, string context) =>
        TryUnprotect(stored, context, out var plaintext, out var failure) ? plaintext : throw new EncryptionUnavailableException(failure);

    private static byte[] Associated(string context) => Encoding.UTF8.GetBytes(Prefix + context);
}
