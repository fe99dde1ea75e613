using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Gateway.Webhooks.Verification;

/// <summary>
/// Verifies Standard Webhooks deliveries: the <c>webhook-signature</c> over <c>{id}.{timestamp}.{body}</c>, any one of
/// its space-separated signatures matching any key (a sender rotating its secret sends several), and the timestamp
/// within a tolerance of now. Thread-safe; make one per secret and keep it.
/// </summary>
public sealed class WebhookVerifier
{
    private readonly IWebhookSignatureKey[] _keys;
    private readonly WebhookVerifierOptions _options;

    /// <summary>A verifier for one <c>whsec_</c> secret.</summary>
    public WebhookVerifier(string secret, WebhookVerifierOptions? options = null)
        : this([WebhookKeys.Parse(secret)], options)
    {
    }

    /// <summary>A verifier that accepts a signature by any of several secrets, e.g. while the receiver changes its own.</summary>
    public WebhookVerifier(IEnumerable<string> secrets, WebhookVerifierOptions? options = null)
        : this(secrets.Select(WebhookKeys.Parse), options)
    {
    }

    /// <summary>A verifier over keys of any version (the way in for <c>v1a</c>).</summary>
    public WebhookVerifier(IEnumerable<IWebhookSignatureKey> keys, WebhookVerifierOptions? options = null)
    {
        _keys = [.. keys];
        if (_keys.Length == 0)
        {
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        }

        _options = options ?? new WebhookVerifierOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(_options.Tolerance, TimeSpan.Zero);
    }

    /// <summary>The options this verifier was made with.</summary>
    public WebhookVerifierOptions Options => _options;

    /// <summary>Verifies a request's three headers against its body, exactly as received.</summary>
    public WebhookVerificationResult Verify(IHeaderDictionary headers, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(headers);
        return Verify(headers[WebhookHeaders.Id].ToString(), headers[WebhookHeaders.Timestamp].ToString(), headers[WebhookHeaders.Signature].ToString(), body);
    }

    /// <summary>Verifies a delivery whose body is text (UTF-8 on the wire).</summary>
    public WebhookVerificationResult Verify(string? id, string? timestamp, string? signatureHeader, string body) =>
        Verify(id, timestamp, signatureHeader, Encoding.UTF8.GetBytes(body));

    /// <summary>Verifies a delivery: its <c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c> and raw body.</summary>
    public WebhookVerificationResult Verify(string? id, string? timestamp, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrWhiteSpace(signatureHeader))
        {
            return new(WebhookFailure.MissingHeader, NullIfEmpty(id), null);
        }

        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return new(WebhookFailure.BadTimestamp, id, null);
        }

        var sent = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((_options.TimeProvider.GetUtcNow() - sent).Duration() > _options.Tolerance)
        {
            return new(WebhookFailure.TimestampOutOfTolerance, id, sent);
        }

        var content = SignedContent(id, timestamp, body);
        return new(AnyMatches(content, signatureHeader) ? WebhookFailure.None : WebhookFailure.NoMatchingSignature, id, sent);
    }

    /// <summary>What a signature signs: <c>{id}.{timestamp}.{body}</c>.</summary>
    internal static byte[] SignedContent(string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefixLength = Encoding.UTF8.GetByteCount(id) + timestamp.Length + 2;
        var content = new byte[prefixLength + body.Length];
        var written = Encoding.UTF8.GetBytes(id, content);
        content[written++] = (byte)'.';
        written += Encoding.UTF8.GetBytes(timestamp, content.AsSpan(written));
        content[written++] = (byte)'.';
        body.CopyTo(content.AsSpan(written));
        return content;
    }

    private bool AnyMatches(byte[] content, string signatureHeader)
    {
        var matched = false;
        foreach (var entry in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var comma = entry.IndexOf(',', StringComparison.Ordinal);
            if (comma <= 0)
            {
                continue;
            }

            var version = entry.AsSpan(0, comma);
            foreach (var key in _keys)
            {
                // No early exit: every entry is checked, so the time taken does not tell which one matched.
                if (version.SequenceEqual(key.Version) && key.Matches(content, entry.AsSpan(comma + 1)))
                {
                    matched = true;
                }
            }
        }

        return matched;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
