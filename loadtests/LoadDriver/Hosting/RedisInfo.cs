using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LoadDriver.Hosting;

/// <summary>
/// Reads <c>INFO stats</c> over a raw RESP connection, so the driver needs no Redis client: the counters it wants
/// (commands processed) are plain text fields.
/// </summary>
internal static class RedisInfo
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Redis's <c>total_commands_processed</c>. The INFO call that reads it is not yet counted in it, but is counted
    /// in the next reading: a delta between two readings holds exactly one of the driver's own commands.
    /// </summary>
    public static async Task<long?> CommandsProcessedAsync(IPEndPoint redis, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(redis, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync("INFO stats\r\n"u8.ToArray(), timeout.Token);

        var received = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                throw new InvalidOperationException($"Redis at {redis} closed the connection during INFO.");
            }

            received.Write(buffer, 0, read);
            if (BulkString(received.GetBuffer().AsSpan(0, (int)received.Length)) is { } text)
            {
                return Field(text, "total_commands_processed");
            }
        }
    }

    /// <summary>The integer value of <paramref name="name"/> in INFO text (<c>name:value</c> lines); null if absent.</summary>
    public static long? Field(string info, string name)
    {
        foreach (var line in info.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (trimmed.Length > name.Length && trimmed[name.Length] == ':' && trimmed.StartsWith(name, StringComparison.Ordinal)
                && long.TryParse(trimmed.AsSpan(name.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The payload of a complete RESP bulk string (<c>$len\r\n…\r\n</c>); null while more bytes are due.</summary>
    public static string? BulkString(ReadOnlySpan<byte> reply)
    {
        var headerEnd = reply.IndexOf("\r\n"u8);
        if (headerEnd < 0)
        {
            return null;
        }

        if (reply[0] == (byte)'-')
        {
            throw new InvalidOperationException($"Redis answered {Encoding.UTF8.GetString(reply[..headerEnd])}.");
        }

        if (reply[0] != (byte)'$' || !int.TryParse(reply[1..headerEnd], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw new InvalidOperationException("Redis did not answer INFO with a bulk string.");
        }

        var start = headerEnd + 2;
        return reply.Length >= start + length ? Encoding.UTF8.GetString(reply.Slice(start, length)) : null;
    }
}
