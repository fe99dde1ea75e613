namespace LoadDriver.Scenarios;

/// <summary>What a scenario starts and what it waits for.</summary>
internal enum ScenarioKind
{
    /// <summary>The gateway with its workers; every delivery of every accepted event is awaited and checked.</summary>
    Delivery,

    /// <summary>The gateway's API role only: events are accepted and fanned out, nothing is delivered or awaited.</summary>
    IngestOnly,

    /// <summary>The floor app instead of the gateway: read the body, answer 202.</summary>
    Floor,

    /// <summary>The floor app with one <c>LPUSH</c> of each body to Redis.</summary>
    FloorLpush,

    /// <summary>The gateway with many endpoints and no traffic: its CPU and Redis commands per second.</summary>
    Idle,
}
