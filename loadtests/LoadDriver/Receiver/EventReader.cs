using System.Globalization;
using System.Text.Json;

namespace LoadDriver.Receiver;

/// <summary>Reads the two top-level fields the receiver needs from a delivered event, without building a DOM.</summary>
internal static class EventReader
{
    public static bool TryRead(ReadOnlySpan<byte> body, out string objectId, out DateTimeOffset eventDate)
    {
        objectId = string.Empty;
        eventDate = default;
        string? id = null;
        string? date = null;
        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read() && (id is null || date is null))
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.ValueTextEquals("objectId"u8))
                {
                    reader.Read();
                    id = reader.GetString();
                }
                else if (reader.ValueTextEquals("eventDate"u8))
                {
                    reader.Read();
                    date = reader.GetString();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return false;
        }

        if (id is null || date is null
            || !DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out eventDate))
        {
            return false;
        }

        objectId = id;
        return true;
    }
}
