using System.Security.Cryptography;

namespace Gateway.Delivery.Storage;

/// <summary>Random, URL-safe identifiers with a type prefix (<c>ep_…</c>, <c>evt_…</c>). They never contain a dot.</summary>
public static class Ids
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 22) => prefix + "_" + RandomChars(length);

    /// <summary>An event id whose first character after <c>evt_</c> names its ingestion shard.</summary>
    public static string NewEvent(int shard) => "evt_" + shard.ToString("x", System.Globalization.CultureInfo.InvariantCulture) + RandomChars(21);

    public static int RandomShard() => RandomNumberGenerator.GetInt32(RedisKeys.IngestShards);

    /// <summary>The message id of one event at one endpoint: the <c>webhook-id</c>, stable across retries and replays.</summary>
    public static string Message(string eventId, string endpointId) =>
        "msg_" + eventId.AsSpan(4).ToString() + endpointId.AsSpan(endpointId.IndexOf('_') + 1, 8).ToString();

    private static string RandomChars(int length) =>
        string.Create(length, 0, static (span, _) =>
        {
            Span<byte> random = stackalloc byte[span.Length];
            RandomNumberGenerator.Fill(random);
            for (var i = 0; i < span.Length; i++)
            {
                // 256 % 62 leaves a slight bias, harmless for identifiers (keys and secrets do not use this).
                span[i] = Alphabet[random[i] % Alphabet.Length];
            }
        });
}
