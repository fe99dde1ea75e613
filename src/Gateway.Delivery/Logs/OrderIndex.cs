using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gateway.Delivery.Logs;

/// <summary>
/// The index that finds every attempt of an order (an event's <c>objectId</c>) at an endpoint: one sorted set per
/// endpoint and order, in the endpoint's hash slot beside its attempt log, written by the settle scripts in the same
/// call as the log entry (Queue/Lua/lib/logs.lua). Orders are named by a hash of their id, so a key is bounded in length
/// whatever the id; the lookup reads only the caller's endpoints, so another tenant's order id finds nothing.
/// </summary>
public static class OrderIndex
{
    /// <summary>Characters of the order's hash in a key: 22 base64url characters, 132 bits.</summary>
    public const int KeyLength = 22;

    /// <summary>Longest order id indexed (and searched for); a longer one is not indexed, its event is delivered as ever.</summary>
    public const int MaxObjectIdLength = 1024;

    /// <summary>The order id of an event body: its top-level <c>objectId</c>, a string as is or a number as its JSON text;
    /// null when it has none, an empty one, one over <see cref="MaxObjectIdLength"/> characters, or the body is not a JSON object.</summary>
    public static string? ObjectIdOf(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isObjectId = reader.ValueTextEquals("objectId"u8);
                reader.Read();
                if (isObjectId)
                {
                    var text = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan), // a reader over one span never has a value sequence,
                        _ => null,
                    };
                    return text is { Length: > 0 and <= MaxObjectIdLength } ? text : null;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            // A body that is not JSON (a shaped payload never is one here: the stored body was validated at ingestion).
        }

        return null;
    }

    /// <summary>The order's part of its index key: the first 22 base64url characters of SHA-256 of the id.</summary>
    public static string KeyOf(string objectId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(objectId), hash);
        return Base64Url.EncodeToString(hash)[..KeyLength];
    }

    /// <summary>The entry of attempt <paramref name="attempt"/> of <paramref name="messageId"/> in the index of the order
    /// of <paramref name="body"/>; null when the event has no order id.</summary>
    public static OrderIndexEntry? EntryFor(ReadOnlySpan<byte> body, string messageId, int attempt) =>
        ObjectIdOf(body) is { } objectId ? new OrderIndexEntry(KeyOf(objectId), Member(messageId, attempt)) : null;

    public static string Member(string messageId, int attempt) => string.Create(CultureInfo.InvariantCulture, $"{messageId}:{attempt}");

    /// <summary>Reads a member back; false for anything that is not <c>&lt;messageId&gt;:&lt;attempt&gt;</c>.</summary>
    public static bool TryParseMember(string member, out string messageId, out int attempt)
    {
        var colon = member.LastIndexOf(':');
        messageId = colon > 0 ? member[..colon] : "";
        attempt = 0;
        return colon > 0 && int.TryParse(member.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out attempt);
    }
}

/// <summary>An attempt's entry in its order's index: the order's key part and the member.</summary>
public sealed record OrderIndexEntry(string Key, string Member);
