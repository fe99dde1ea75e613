namespace Listen;

/// <summary>What to listen for: the gateway, the tenant key, the event types, and the local port.</summary>
public sealed record ListenOptions(Uri Gateway, string ApiKey, IReadOnlyList<string> EventTypes, int Port, string Scheme = "v1")
{
    public const string Usage = """
        Usage: dotnet run --project tools/Listen -- --key <tenant api key> [--gateway http://127.0.0.1:8080] [--types order.*,order.completed] [--port 0] [--scheme v1|v1a]

        Starts a receiver on 127.0.0.1, registers it as an endpoint of the tenant for the given event types, prints every
        delivery (signature verified, headers, body) and deletes the endpoint on Ctrl+C. --scheme v1a registers an
        Ed25519 endpoint and verifies its v1a signatures with the whpk_ public key.
        The key may also come from GATEWAY_API_KEY and the gateway from GATEWAY_URL.
        The gateway must allow loopback endpoints: run it with Security__AllowPrivateNetworks=true Security__AllowHttp=true.
        """;

    public static ListenOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            values[args[i][2..]] = args[++i];
        }

        var gateway = values.GetValueOrDefault("gateway") ?? Environment.GetEnvironmentVariable("GATEWAY_URL") ?? "http://127.0.0.1:8080";
        var key = values.GetValueOrDefault("key") ?? Environment.GetEnvironmentVariable("GATEWAY_API_KEY")
            ?? throw new ArgumentException("--key (or GATEWAY_API_KEY) is required: a tenant API key");
        var types = (values.GetValueOrDefault("types") ?? "*").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var port = int.TryParse(values.GetValueOrDefault("port") ?? "0", out var p) && p is >= 0 and <= 65535
            ? p
            : throw new ArgumentException("--port must be 0 to 65535");
        var scheme = values.GetValueOrDefault("scheme") ?? "v1";
        if (scheme is not ("v1" or "v1a"))
        {
            throw new ArgumentException("--scheme must be v1 or v1a");
        }

        return new ListenOptions(new Uri(gateway.TrimEnd('/') + "/"), key, types, port, scheme);
    }
}
