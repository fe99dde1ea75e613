namespace LoadDriver.Scenarios;

/// <summary>A named load shape; every field can be overridden on the command line.</summary>
internal sealed record Scenario
{
    /// <summary>Most endpoints a scenario with traffic registers.</summary>
    public const int MaxEndpoints = 1_000;

    /// <summary>Most endpoints <c>idle</c> registers.</summary>
    public const int MaxIdleEndpoints = 20_000;

    public required string Name { get; init; }

    public ScenarioKind Kind { get; init; } = ScenarioKind.Delivery;

    /// <summary>Endpoints that answer at once.</summary>
    public required int Endpoints { get; init; }

    /// <summary>Endpoints that hold every request for <see cref="StuckHold"/>, longer than the gateway's timeout.</summary>
    public int StuckEndpoints { get; init; }

    /// <summary>Events per second; 0 sends as fast as the connections allow.</summary>
    public required int Rate { get; init; }

    /// <summary>Concurrent request loops (in <c>idle</c>: concurrent endpoint registrations).</summary>
    public required int Connections { get; init; }

    /// <summary>Events per request to <c>/v1/events/batch</c>; 0 posts single events to <c>/v1/events</c>.</summary>
    public int BatchSize { get; init; }

    /// <summary>Post the seed's ~1 KB <c>order.completed</c> document instead of the compact one.</summary>
    /// <value>False: the compact document the delivery scenarios were first measured with.</value>
    public bool SeedBody { get; init; }

    /// <summary>Separate worker processes beside one API process; 0 runs both roles in one process.</summary>
    public int Workers { get; init; }

    public TimeSpan StuckHold { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Extra environment for a gateway the driver starts itself.</summary>
    public IReadOnlyDictionary<string, string> GatewayEnvironment { get; init; } = new Dictionary<string, string>();

    public bool AwaitsDeliveries => Kind == ScenarioKind.Delivery;

    public bool RunsFloor => Kind is ScenarioKind.Floor or ScenarioKind.FloorLpush;

    public static IReadOnlyList<string> Names { get; } = ["saturate", "steady", "fanout", "batch", "isolation", "ingest", "floor", "floor-lpush", "idle"];

    public static Scenario Named(string name) => name switch
    {
        "saturate" => new() { Name = name, Endpoints = 4, Rate = 0, Connections = 16 },
        "steady" => new() { Name = name, Endpoints = 4, Rate = 200, Connections = 16 },
        "fanout" => new() { Name = name, Endpoints = 100, Rate = 20, Connections = 8 },
        "batch" => new() { Name = name, Endpoints = 4, Rate = 0, Connections = 2, BatchSize = 100 },
        "isolation" => new()
        {
            Name = name,
            Endpoints = 4,
            StuckEndpoints = 1,
            Rate = 100,
            Connections = 8,
            // The stuck endpoint must time out well before the receiver would answer it.
            GatewayEnvironment = new Dictionary<string, string> { ["Delivery__RequestTimeout"] = "00:00:02" },
        },

        // ingest, floor and floor-lpush share one load (16 connections, the seed body) so their rates compare.
        "ingest" => new()
        {
            Name = name,
            Kind = ScenarioKind.IngestOnly,
            Endpoints = 4,
            Rate = 0,
            Connections = 16,
            SeedBody = true,
            GatewayEnvironment = new Dictionary<string, string> { ["Gateway__Roles"] = "api" },
        },
        "floor" => new() { Name = name, Kind = ScenarioKind.Floor, Endpoints = 0, Rate = 0, Connections = 16, SeedBody = true },
        "floor-lpush" => new() { Name = name, Kind = ScenarioKind.FloorLpush, Endpoints = 0, Rate = 0, Connections = 16, SeedBody = true },
        "idle" => new() { Name = name, Kind = ScenarioKind.Idle, Endpoints = 10_000, Rate = 0, Connections = 16 },
        _ => throw new ArgumentException($"Unknown scenario '{name}'; use one of {string.Join(", ", Names)}."),
    };
}
