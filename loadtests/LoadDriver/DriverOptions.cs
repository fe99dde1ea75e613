using System.Globalization;
using System.Net;
using LoadDriver.Scenarios;

namespace LoadDriver;

/// <summary>Command-line settings of one run, with the scenario's defaults already applied.</summary>
internal sealed record DriverOptions
{
    public const string Usage = """
        LoadDriver --scenario saturate|steady|fanout|batch|isolation|ordered|ingest|floor|floor-lpush|idle [options]
          --duration S        seconds of measured ingestion, or of each idle window (default 10, at most 3600)
          --warmup S          seconds of unmeasured ingestion first, or of settling before each idle window (default 2)
          --rate N            events per second; 0 = as fast as the connections allow
          --connections C     concurrent request loops sharing one HttpClient (idle: concurrent registrations)
          --endpoints N       healthy endpoints (all subscribe to "*"); at most 1000, idle at most 20000 (default 10000)
          --batch-size N      events per /v1/events/batch request; 0 = single events
          --orders N          distinct order ids at ordered endpoints (ordered: 1000); 0 = unordered
          --drain-timeout S   bound on waiting for deliveries after ingestion (default 60)
          --workers N         start one API process and N worker processes instead of one with both roles
          --gateway URL       use a running gateway on loopback instead of starting one
          --admin-key KEY     its admin key (or env GATEWAY_ADMIN_KEY)
          --gateway-pid PID   sample RSS and CPU of that running gateway
          --redis HOST:PORT   the running gateway's Redis on loopback, for idle's Redis commands/s
          --gateway-dll PATH  gateway to start (default src/Gateway/bin/Release/net10.0/Gateway.dll)
          --floor-dll PATH    floor app to start (default loadtests/Floor/bin/Release/net10.0/Floor.dll)
          --redis-server PATH redis-server to start (default: on PATH)
          --signature v1|v1a  how the registered endpoints sign (default v1); the receiver verifies either
          --gateway-env 'A=1;B=2'  extra environment for the started gateway (e.g. Delivery__BreakerFailureThreshold=1000)
        Prints one JSON line on stdout; progress goes to stderr.
        """;

    public required Scenario Scenario { get; init; }

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public Uri? GatewayUrl { get; init; }

    public string? AdminKey { get; init; }

    public int? GatewayPid { get; init; }

    public string? GatewayDll { get; init; }

    public string? FloorDll { get; init; }

    /// <summary>The Redis of a running gateway (<c>--redis</c>), whose command counter <c>idle</c> reads.</summary>
    public IPEndPoint? Redis { get; init; }

    public string RedisServer { get; init; } = "redis-server";

    public bool ShowHelp { get; init; }

    /// <summary>How the endpoints the driver registers sign: <c>v1</c> (HMAC) or <c>v1a</c> (Ed25519); the receiver verifies either.</summary>
    public string SignatureScheme { get; init; } = "v1";

    public static DriverOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                return new DriverOptions { Scenario = Scenario.Named("steady"), ShowHelp = true };
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected '--name value', got '{arg}'.");
            }

            values[arg[2..]] = args[++i];
        }

        var scenario = Scenario.Named(Take(values, "scenario") ?? "steady");
        var given = values.Keys.ToHashSet(StringComparer.Ordinal);
        scenario = scenario with
        {
            Rate = Int(values, "rate", 0, 1_000_000) ?? scenario.Rate,
            Connections = Int(values, "connections", 1, 1024) ?? scenario.Connections,
            Endpoints = Int(values, "endpoints", 1, scenario.Kind == ScenarioKind.Idle ? Scenario.MaxIdleEndpoints : Scenario.MaxEndpoints) ?? scenario.Endpoints,
            BatchSize = Int(values, "batch-size", 0, 1000) ?? scenario.BatchSize,
            Workers = Int(values, "workers", 0, 8) ?? scenario.Workers,
            Orders = Int(values, "orders", 0, 10_000_000) ?? scenario.Orders,
            GatewayEnvironment = Environment(scenario.GatewayEnvironment, Take(values, "gateway-env")),
        };

        var options = new DriverOptions
        {
            Scenario = scenario,
            Duration = Seconds(values, "duration", 1, 3600) ?? TimeSpan.FromSeconds(10),
            Warmup = Seconds(values, "warmup", 0, 60) ?? TimeSpan.FromSeconds(2),
            DrainTimeout = Seconds(values, "drain-timeout", 1, 600) ?? TimeSpan.FromSeconds(60),
            GatewayUrl = LoopbackUrl(Take(values, "gateway")),
            AdminKey = Take(values, "admin-key") ?? System.Environment.GetEnvironmentVariable("GATEWAY_ADMIN_KEY"),
            GatewayPid = Int(values, "gateway-pid", 1, int.MaxValue),
            GatewayDll = Take(values, "gateway-dll"),
            FloorDll = Take(values, "floor-dll"),
            Redis = LoopbackEndPoint(Take(values, "redis")),
            RedisServer = Take(values, "redis-server") ?? "redis-server",
            SignatureScheme = Take(values, "signature") is { } signature
                ? signature is "v1" or "v1a" ? signature : throw new ArgumentException("--signature must be v1 or v1a.")
                : "v1",
        };

        if (values.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s): {string.Join(", ", values.Keys.Select(k => "--" + k))}.");
        }

        if (options.GatewayUrl is not null && string.IsNullOrEmpty(options.AdminKey))
        {
            throw new ArgumentException("--gateway needs --admin-key (or GATEWAY_ADMIN_KEY).");
        }

        Check(scenario, given);
        return options;
    }

    // Options a scenario would silently ignore are refused, so a comparison never rests on a setting that did nothing.
    private static void Check(Scenario scenario, HashSet<string> given)
    {
        string[] refused = scenario.Kind switch
        {
            ScenarioKind.Floor or ScenarioKind.FloorLpush => ["gateway", "gateway-pid", "gateway-dll", "gateway-env", "workers", "endpoints", "batch-size", "redis"],
            ScenarioKind.IngestOnly => ["workers"],
            ScenarioKind.Idle => ["rate", "batch-size", "drain-timeout"],
            _ => ["redis"],
        };
        if (refused.FirstOrDefault(given.Contains) is { } name)
        {
            throw new ArgumentException(scenario.Kind == ScenarioKind.IngestOnly
                ? "--workers does not apply to ingest: it runs the API role only."
                : $"--{name} does not apply to --scenario {scenario.Name}.");
        }

        if (given.Contains("workers") && given.Contains("gateway"))
        {
            throw new ArgumentException("--workers applies only to a gateway the driver starts, not with --gateway.");
        }
    }

    private static Dictionary<string, string> Environment(IReadOnlyDictionary<string, string> defaults, string? text)
    {
        var merged = new Dictionary<string, string>(defaults, StringComparer.Ordinal);
        foreach (var pair in (text ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException($"--gateway-env entry '{pair}' is not NAME=VALUE.");
            }

            merged[pair[..equals]] = pair[(equals + 1)..];
        }

        return merged;
    }

    private static string? Take(Dictionary<string, string> values, string name) =>
        values.Remove(name, out var value) ? value : null;

    private static int? Int(Dictionary<string, string> values, string name, int min, int max)
    {
        if (Take(values, name) is not { } text)
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"--{name} must be a whole number from {min} to {max}.");
    }

    private static TimeSpan? Seconds(Dictionary<string, string> values, string name, double min, double max)
    {
        if (Take(values, name) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? TimeSpan.FromSeconds(value)
            : throw new ArgumentException($"--{name} must be seconds from {min} to {max}.");
    }

    private static IPEndPoint? LoopbackEndPoint(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new ArgumentException($"--redis '{text}' is not HOST:PORT.");
        }

        var host = text[..colon].Trim('[', ']');
        var address = host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host, out var ip) ? ip : null;
        return address is not null && IPAddress.IsLoopback(address)
            ? new IPEndPoint(address, port)
            : throw new ArgumentException($"--redis must be on loopback (127.0.0.1, localhost, [::1]); got '{host}'.");
    }

    // Load is only ever aimed at this machine.
    private static Uri? LoopbackUrl(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--gateway '{text}' is not an http(s) URL.");
        }

        var loopback = uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return loopback ? uri : throw new ArgumentException($"--gateway must be on loopback (127.0.0.1, localhost, [::1]); got '{uri.Host}'.");
    }
}
